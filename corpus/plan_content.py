"""What a school's annual CCHC plan says: its quantified targets and its tasks per area.

Each line exists in two shapes because plans come in two layouts: a prose sentence with the
quantity inside it, and a table row whose "Nội dung" and "Chỉ tiêu" cells split the same
sentence. ``{c}`` is a count drawn from the template's own choices, ``{hs}`` the pupils
("trẻ" in a kindergarten), ``{y}`` the plan year, ``{y1}`` the next year.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    prose: str
    content: str
    target: str
    counts: tuple[str, ...] = ("",)
    when: tuple[str, ...] = ()  # milestones that suit this task; empty: any of the year's


QUARTERLY = "Hằng quý (31/3, 30/6, 30/9, 30/11)"
REPORT_DATES = "Hằng quý (03/3, 03/6, 03/9, 03/12)"


@dataclass(frozen=True)
class Metric:
    """A district metric (domain.md table): good values, and values below the minimum."""

    id: str
    prose: str  # with {v}
    content: str
    target: str  # with {v}
    good: tuple[str, ...]
    low: tuple[str, ...]
    leads: tuple[str, ...]


METRICS: tuple[Metric, ...] = (
    Metric(
        "satisfaction",
        "Tỷ lệ phụ huynh hài lòng đối với dịch vụ giáo dục của nhà trường đạt {v}",
        "Khảo sát sự hài lòng của phụ huynh đối với dịch vụ giáo dục",
        "Hài lòng {v}",
        ("trên 80%", "trên 85%", "từ 90% trở lên", "trên 90%"),
        ("75%", "70%", "từ 75% trở lên", "80%"),
        ("Ban Giám hiệu", "Phó Hiệu trưởng phụ trách chuyên môn"),
    ),
    Metric(
        "on_time",
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt {v}, "
        "không có lĩnh vực nào dưới 95%",
        "Giải quyết hồ sơ thủ tục hành chính đúng hạn",
        "Đúng hạn {v}",
        ("từ 97% trở lên", "100%", "trên 98%", "97%"),
        ("90%", "từ 90% trở lên", "92%", "từ 95% trở lên"),
        ("Tổ Văn phòng", "Hiệu trưởng"),
    ),
    Metric(
        "online",
        "Đưa {v} số thủ tục hành chính đủ điều kiện của nhà trường vào cung cấp dịch vụ công "
        "trực tuyến mức độ 3, 4",
        "Cung cấp dịch vụ công trực tuyến mức độ 3, 4",
        "{v} số TTHC đủ điều kiện",
        ("từ 30 đến 40%", "từ 40%", "50%", "100%"),
        ("20%", "từ 10 đến 20%"),
        ("Tổ Văn phòng", "Bộ phận Công nghệ thông tin"),
    ),
    Metric(
        "level3_files",
        "Phấn đấu {v} thủ tục hành chính cung cấp dịch vụ công trực tuyến mức độ 3 có phát "
        "sinh hồ sơ",
        "Thủ tục mức độ 3 có phát sinh hồ sơ trực tuyến",
        "{v} thủ tục",
        ("từ 80%", "80%", "90%"),
        ("60%", "từ 50%"),
        ("Tổ Văn phòng", "Văn thư"),
    ),
    Metric(
        "evaluated",
        "Có từ {v} số hồ sơ được phụ huynh tham gia đánh giá, tỷ lệ hài lòng "
        "(hài lòng + bình thường) đạt từ 95%",
        "Phụ huynh tham gia đánh giá việc giải quyết hồ sơ",
        "{v} hồ sơ được đánh giá; từ 95% hài lòng",
        ("40%", "50%"),
        ("25%", "30%"),
        ("Tổ Văn phòng", "Phó Hiệu trưởng phụ trách chuyên môn"),
    ),
    Metric(
        "apology",
        "{v} hồ sơ giải quyết trễ hạn có thư xin lỗi gửi phụ huynh theo quy định",
        "Thực hiện thư xin lỗi khi giải quyết hồ sơ trễ hạn",
        "{v} hồ sơ trễ hạn",
        ("100%",),
        ("90%", "80%"),
        ("Hiệu trưởng", "Văn thư"),
    ),
    Metric(
        "e_docs",
        "{v} văn bản chính thức (trừ văn bản mật) được trao đổi dưới dạng điện tử có chữ ký số",
        "Trao đổi văn bản điện tử có chữ ký số",
        "{v} văn bản",
        ("100%",),
        ("90%", "85%"),
        ("Văn thư", "Bộ phận Công nghệ thông tin"),
    ),
    Metric(
        "iso",
        "100% thủ tục hành chính được công bố, áp dụng hệ thống quản lý chất lượng TCVN ISO 9001 "
        "và từ {v} thủ tục được triển khai ISO điện tử",
        "Áp dụng TCVN ISO 9001 và ISO điện tử",
        "100% ISO 9001; {v} ISO điện tử",
        ("80%", "85%", "100%"),
        ("70%", "60%"),
        ("Tổ Văn phòng", "Hiệu trưởng"),
    ),
)

TASKS: dict[str, tuple[Template, ...]] = {
    "chi-dao": (
        Template(
            "Ban hành {c} văn bản triển khai công tác CCHC năm {y} (Kế hoạch CCHC, Quyết định "
            "kiện toàn Ban Chỉ đạo CCHC)",
            "Ban hành Kế hoạch CCHC năm {y}, Quyết định kiện toàn Ban Chỉ đạo CCHC",
            "{c} văn bản",
            ("02",),
            when=("tháng 01/{y}", "trước ngày 31/01/{y}"),
        ),
        Template(
            "Tổ chức {c} cuộc họp Ban Chỉ đạo CCHC để sơ kết, đánh giá kết quả thực hiện",
            "Họp Ban Chỉ đạo CCHC sơ kết, đánh giá kết quả",
            "{c} cuộc họp/năm",
            ("04",),
            when=(QUARTERLY,),
        ),
        Template(
            "Thực hiện đầy đủ {c} báo cáo CCHC định kỳ (quý I, 6 tháng, quý III, năm), "
            "100% đúng thời hạn",
            "Báo cáo CCHC định kỳ gửi Phòng Giáo dục và Đào tạo",
            "{c} báo cáo, 100% đúng hạn",
            ("04",),
            when=(REPORT_DATES,),
        ),
        Template(
            "Tự kiểm tra công tác CCHC tại {c} bộ phận (Văn phòng, Kế toán, các tổ chuyên môn)",
            "Tự kiểm tra công tác CCHC tại các bộ phận",
            "{c} bộ phận",
            ("03", "04", "05"),
        ),
        Template(
            "Cử 100% thành viên Ban Chỉ đạo CCHC tham gia các lớp bồi dưỡng nghiệp vụ CCHC do "
            "quận tổ chức",
            "Bồi dưỡng nghiệp vụ CCHC cho thành viên Ban Chỉ đạo",
            "100% thành viên",
        ),
    ),
    "the-che": (
        Template(
            "Rà soát, bổ sung {c} quy chế nội bộ (Quy chế chi tiêu nội bộ, Quy chế dân chủ cơ sở, "
            "Quy chế làm việc)",
            "Rà soát, bổ sung quy chế nội bộ",
            "{c} quy chế",
            ("03",),
        ),
        Template(
            "Tổ chức {c} buổi phổ biến văn bản pháp luật mới về giáo dục cho 100% cán bộ, "
            "giáo viên, nhân viên",
            "Phổ biến văn bản pháp luật mới về giáo dục",
            "{c} buổi; 100% CB-GV-NV",
            ("02", "03"),
        ),
        Template(
            "Cập nhật 100% văn bản chỉ đạo của cấp trên vào sổ theo dõi và hộp thư điện tử nội bộ",
            "Cập nhật văn bản chỉ đạo của cấp trên",
            "100% văn bản",
        ),
        Template(
            "Xây dựng, ban hành {c} Quy chế làm việc năm học {y}-{y1}",
            "Ban hành Quy chế làm việc năm học {y}-{y1}",
            "{c} quy chế",
            ("01",),
            when=("tháng 9/{y}", "trước ngày 30/9/{y}"),
        ),
    ),
    "tthc": (
        Template(
            "Niêm yết công khai 100% thủ tục hành chính thuộc thẩm quyền giải quyết của nhà trường "
            "tại bảng tin và trang thông tin điện tử",
            "Niêm yết công khai thủ tục hành chính",
            "100% TTHC",
        ),
        Template(
            "Giải quyết đúng hạn 100% hồ sơ chuyển trường, xác nhận {hs} đang học, cấp bản sao "
            "giấy tờ",
            "Giải quyết hồ sơ chuyển trường, xác nhận {hs} đang học",
            "100% hồ sơ đúng hạn",
        ),
        Template(
            "Rà soát, đề xuất đơn giản hóa ít nhất {c} thủ tục trong nội bộ nhà trường",
            "Rà soát, đề xuất đơn giản hóa thủ tục nội bộ",
            "Ít nhất {c} thủ tục",
            ("01", "02"),
        ),
        Template(
            "Hướng dẫn 100% phụ huynh có nhu cầu nộp hồ sơ trực tuyến hoặc qua dịch vụ bưu chính "
            "công ích",
            "Hướng dẫn phụ huynh nộp hồ sơ trực tuyến, qua bưu chính công ích",
            "100% phụ huynh có nhu cầu",
        ),
    ),
    "bo-may": (
        Template(
            "Rà soát, kiện toàn {c} tổ chuyên môn và Tổ Văn phòng theo Điều lệ trường",
            "Kiện toàn tổ chuyên môn, Tổ Văn phòng",
            "{c} tổ",
            ("03", "04", "05"),
        ),
        Template(
            "Cập nhật Đề án vị trí việc làm, bảo đảm 100% viên chức được bố trí đúng vị trí "
            "việc làm",
            "Cập nhật Đề án vị trí việc làm",
            "100% viên chức đúng vị trí",
        ),
        Template(
            "Ban hành Quyết định phân công nhiệm vụ cho 100% cán bộ, giáo viên, nhân viên năm học "
            "{y}-{y1}",
            "Phân công nhiệm vụ cán bộ, giáo viên, nhân viên",
            "100% CB-GV-NV",
            when=("tháng 9/{y}", "trước ngày 15/9/{y}"),
        ),
        Template(
            "Kiện toàn {c} hội đồng, ban trong nhà trường (Hội đồng trường, Hội đồng thi đua - "
            "khen thưởng, Ban Thanh tra nhân dân)",
            "Kiện toàn các hội đồng, ban",
            "{c} hội đồng, ban",
            ("03",),
        ),
    ),
    "cong-vu": (
        Template(
            "Cử {c} lượt cán bộ, giáo viên tham gia bồi dưỡng chuyên môn, nghiệp vụ",
            "Bồi dưỡng chuyên môn, nghiệp vụ cho cán bộ, giáo viên",
            "{c} lượt",
            ("10", "15", "20"),
        ),
        Template(
            "100% cán bộ, giáo viên, nhân viên ký cam kết thực hiện Quy tắc ứng xử",
            "Ký cam kết thực hiện Quy tắc ứng xử",
            "100% CB-GV-NV",
        ),
        Template(
            "Đánh giá, xếp loại 100% viên chức theo quý và cuối năm đúng quy định",
            "Đánh giá, xếp loại viên chức",
            "100% viên chức",
            when=(QUARTERLY,),
        ),
        Template(
            "Tổ chức {c} đợt kiểm tra nội bộ việc chấp hành giờ giấc, kỷ luật, kỷ cương hành chính",
            "Kiểm tra nội bộ kỷ luật, kỷ cương hành chính",
            "{c} đợt",
            ("02", "04"),
        ),
    ),
    "tai-chinh": (
        Template(
            "Công khai tài chính {c} lần trong năm theo quy định",
            "Công khai tài chính",
            "{c} lần/năm",
            ("04",),
            when=(QUARTERLY,),
        ),
        Template(
            "Rà soát Quy chế chi tiêu nội bộ, tiết kiệm ít nhất {c}% chi thường xuyên",
            "Rà soát Quy chế chi tiêu nội bộ, tiết kiệm chi thường xuyên",
            "Tiết kiệm {c}%",
            ("5", "10"),
        ),
        Template(
            "Thu, chi 100% các khoản qua tài khoản, không dùng tiền mặt",
            "Thanh toán không dùng tiền mặt",
            "100% khoản thu, chi",
        ),
        Template(
            "Kiểm kê 100% tài sản công, cập nhật sổ theo dõi tài sản",
            "Kiểm kê tài sản công",
            "100% tài sản",
            when=("tháng 12/{y}", "trước ngày 31/12/{y}"),
        ),
    ),
    "hien-dai-hoa": (
        Template(
            "Sử dụng phần mềm quản lý trường học cho 100% hồ sơ {hs}",
            "Quản lý hồ sơ {hs} trên phần mềm",
            "100% hồ sơ",
        ),
        Template(
            "Tổ chức {c} buổi tập huấn kỹ năng chuyển đổi số cho 100% giáo viên",
            "Tập huấn kỹ năng chuyển đổi số cho giáo viên",
            "{c} buổi; 100% giáo viên",
            ("02", "03"),
        ),
        Template(
            "Số hóa {c} hồ sơ lưu trữ của văn phòng",
            "Số hóa hồ sơ lưu trữ",
            "{c} hồ sơ",
            ("200", "300", "150"),
        ),
        Template(
            "Thu học phí, các khoản thu không dùng tiền mặt đối với 100% {hs}",
            "Thu không dùng tiền mặt",
            "100% {hs}",
        ),
    ),
    "hai-long": (
        Template(
            "Tổ chức {c} đợt khảo sát ý kiến phụ huynh về chất lượng chăm sóc, giáo dục bằng "
            "phiếu giấy và biểu mẫu trực tuyến",
            "Khảo sát ý kiến phụ huynh",
            "{c} đợt",
            ("02",),
            when=("tháng 4/{y} và tháng 11/{y}", "Học kỳ I và học kỳ II (trước 31/5 và 31/12/{y})"),
        ),
        Template(
            "Lấy ý kiến ít nhất {c} phụ huynh trong mỗi đợt khảo sát",
            "Lấy ý kiến phụ huynh mỗi đợt khảo sát",
            "Ít nhất {c} phụ huynh",
            ("150", "200", "300"),
        ),
        Template(
            "Tổng hợp, công khai kết quả khảo sát và có giải pháp khắc phục cho 100% nội dung "
            "phụ huynh góp ý",
            "Công khai kết quả khảo sát, giải pháp khắc phục",
            "100% nội dung góp ý",
        ),
        Template(
            "Duy trì {c} hộp thư góp ý và đường dây nóng tiếp nhận phản ánh của phụ huynh",
            "Duy trì hộp thư góp ý, đường dây nóng",
            "{c} hộp thư",
            ("01", "02"),
        ),
    ),
    "truyen-thong": (
        Template(
            "Đăng tải ít nhất {c} tin, bài về CCHC trên trang thông tin điện tử của nhà trường",
            "Đăng tin, bài về CCHC trên trang thông tin điện tử",
            "{c} tin, bài/năm",
            ("08", "12"),
        ),
        Template(
            "Cung cấp {c} tin, bài/quý về CCHC cho Phòng Giáo dục và Đào tạo",
            "Cung cấp tin, bài về CCHC cho Phòng Giáo dục và Đào tạo",
            "{c} tin, bài/quý",
            ("01", "02"),
            when=(QUARTERLY,),
        ),
        Template(
            "Lồng ghép tuyên truyền CCHC trong {c} buổi họp phụ huynh",
            "Tuyên truyền CCHC trong buổi họp phụ huynh",
            "{c} buổi",
            ("02", "03"),
        ),
        Template(
            "Cập nhật {c} bảng tin tuyên truyền dịch vụ công trực tuyến tại cổng trường",
            "Bảng tin tuyên truyền dịch vụ công trực tuyến",
            "{c} bảng tin",
            ("01", "02"),
        ),
    ),
}

UNQUANTIFIED: dict[str, tuple[str, ...]] = {
    "chi-dao": (
        "Nâng cao vai trò, trách nhiệm của người đứng đầu trong chỉ đạo, điều hành công tác CCHC",
        "Tăng cường công tác chỉ đạo, điều hành cải cách hành chính tại đơn vị",
    ),
    "the-che": (
        "Nâng cao chất lượng công tác xây dựng và tổ chức thực hiện văn bản của nhà trường",
    ),
    "tthc": (
        "Nâng cao chất lượng giải quyết thủ tục hành chính cho phụ huynh, {hs}",
        "Tiếp tục thực hiện tốt cơ chế một cửa trong tiếp nhận, giải quyết hồ sơ",
        "Nâng cao tỷ lệ hồ sơ giải quyết đúng hạn, giảm hồ sơ trễ hạn",
    ),
    "bo-may": ("Tiếp tục sắp xếp, kiện toàn tổ chức bộ máy của nhà trường tinh gọn, hiệu quả",),
    "cong-vu": (
        "Nâng cao chất lượng đội ngũ cán bộ, giáo viên, nhân viên",
        "Nâng cao ý thức trách nhiệm, đạo đức nghề nghiệp của viên chức",
    ),
    "tai-chinh": ("Tăng cường quản lý, sử dụng hiệu quả kinh phí, tài sản của nhà trường",),
    "hien-dai-hoa": (
        "Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý và dạy học",
        "Tăng cường chuyển đổi số trong công tác văn phòng",
    ),
    "hai-long": (
        "Nâng cao sự hài lòng của phụ huynh đối với nhà trường",
        "Phấn đấu tỷ lệ phụ huynh hài lòng ngày càng cao",
    ),
    "truyen-thong": (
        "Đẩy mạnh công tác tuyên truyền cải cách hành chính đến phụ huynh",
        "Đa dạng hóa hình thức tuyên truyền về CCHC",
    ),
}

VAGUE_TARGET_CELLS = ("Nâng cao chất lượng", "Đạt yêu cầu", "Thực hiện tốt", "Hoàn thành")

CITATIONS = (
    "Căn cứ Kế hoạch số {ubnd_no}/KH-UBND {ubnd_date} của Ủy ban nhân dân Quận 7 về thực "
    "hiện công tác cải cách hành chính trên địa bàn Quận 7 năm {y};",
    "Căn cứ Công văn số 260/GDĐT ngày 16 tháng 3 năm 2022 của Phòng Giáo dục và Đào tạo Quận 7 "
    "về hướng dẫn xây dựng Kế hoạch và chế độ thông tin, báo cáo công tác cải cách hành chính "
    "năm 2022 và những năm tiếp theo;",
    "Căn cứ Kế hoạch số {office_no}/KH-GDĐT {office_date} của Phòng Giáo dục và Đào tạo "
    "Quận 7 về thực hiện công tác cải cách hành chính năm {y};",
)

PURPOSE = (
    "Triển khai thực hiện đồng bộ, có hiệu quả công tác cải cách hành chính tại đơn vị, góp "
    "phần nâng cao chất lượng phục vụ phụ huynh và {hs}.",
    "Nâng cao trách nhiệm của người đứng đầu và của từng cán bộ, giáo viên, nhân viên trong "
    "thực hiện nhiệm vụ cải cách hành chính.",
    "Xây dựng nhà trường kỷ cương, công khai, minh bạch, lấy sự hài lòng của phụ huynh làm "
    "thước đo chất lượng phục vụ.",
)

REQUIREMENTS = (
    "Các nhiệm vụ phải bám sát Kế hoạch cải cách hành chính của Ủy ban nhân dân Quận 7 và của "
    "Phòng Giáo dục và Đào tạo, phù hợp với đặc thù của nhà trường.",
    "Mỗi nhiệm vụ có chỉ tiêu cụ thể, rõ đơn vị chủ trì và thời gian hoàn thành; các chỉ tiêu "
    "không thấp hơn chỉ tiêu của Thành phố, Quận và Phòng Giáo dục và Đào tạo.",
)

ORGANISATION = (
    "Hiệu trưởng: chỉ đạo chung, phân công nhiệm vụ cho từng thành viên Ban Chỉ đạo CCHC, "
    "chịu trách nhiệm trước Phòng Giáo dục và Đào tạo về kết quả thực hiện Kế hoạch.",
    "Phó Hiệu trưởng: theo dõi, đôn đốc các tổ chuyên môn thực hiện nhiệm vụ được giao, tổng "
    "hợp kết quả hằng quý.",
    "Tổ Văn phòng: tham mưu, tổng hợp báo cáo CCHC định kỳ gửi Phòng Giáo dục và Đào tạo đúng "
    "thời hạn, lưu trữ hồ sơ minh chứng.",
    "Các tổ chuyên môn: xây dựng kế hoạch của tổ, triển khai các nhiệm vụ được phân công.",
    "Công đoàn cơ sở: phối hợp tuyên truyền, vận động đoàn viên thực hiện tốt Kế hoạch.",
)

FUNDING = (
    "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách chi thường xuyên năm {y} của "
    "nhà trường, dự kiến {money} đồng, và các nguồn hợp pháp khác.",
    "Nhà trường bố trí {money} đồng trong dự toán ngân sách năm {y} để thực hiện các nhiệm vụ "
    "của Kế hoạch; Kế toán theo dõi, quyết toán theo quy định.",
)
