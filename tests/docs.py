"""Small documents built in code for unit tests: Decree 30 frame around a body."""

from __future__ import annotations

from validator.models import IngestedDocument, Paragraph, Table


def para(text: str, bold: bool = False, align: str | None = None, page: int = 1) -> Paragraph:
    return Paragraph(text=text, bold=bold, align=align, page=page)  # type: ignore[arg-type]


def frame(
    body: list[Paragraph | Table],
    title: str = "KẾ HOẠCH",
    subtitle: str = "Thực hiện công tác cải cách hành chính năm 2023",
    number: str | None = "Số: 05/KH-THCSNVA",
    date_line: str | None = "Quận 7, ngày 05 tháng 01 năm 2023",
    signer: list[str] | None = None,
) -> IngestedDocument:
    """A school document with its header, title, body, recipients and signature block."""
    head = [para("ỦY BAN NHÂN DÂN QUẬN 7 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)]
    head.append(para("TRƯỜNG THCS NGUYỄN VĂN A Độc lập - Tự do - Hạnh phúc", bold=True))
    if number:
        head.append(para(number))
    if date_line:
        head.append(para(date_line, align="right"))
    head += [para(title, bold=True, align="center"), para(subtitle, bold=True, align="center")]
    tail = [para("Nơi nhận:"), para("- Phòng GD&ĐT Quận 7;"), para("- Lưu: VT.")]
    for line in signer if signer is not None else ["HIỆU TRƯỞNG", "Nguyễn Thị Bích"]:
        tail.append(para(line, bold=True, align="right"))
    return IngestedDocument(file="doc.pdf", media_type="pdf", pages=3, blocks=head + body + tail)


AREAS = [
    (
        "1. Công tác chỉ đạo, điều hành CCHC",
        "Ban hành Kế hoạch CCHC năm 2023 của trường, đạt 100% nhiệm vụ được giao "
        "(Chủ trì: Hiệu trưởng; thời gian hoàn thành: tháng 01/2023).",
    ),
    (
        "2. Cải cách thể chế",
        "Rà soát, cập nhật 02 quy chế nội bộ của trường (Chủ trì: Tổ Văn phòng; "
        "hoàn thành trước ngày 31/3/2023).",
    ),
    (
        "3. Cải cách thủ tục hành chính",
        "Niêm yết công khai 100% thủ tục hành chính tại Bộ phận một cửa "
        "(Đơn vị chủ trì: Văn thư; Thời gian: Quý I/2023).",
    ),
    (
        "4. Cải cách tổ chức bộ máy",
        "Kiện toàn 100% tổ chuyên môn theo quy định (Chủ trì: Ban Giám hiệu; tháng 9/2023).",
    ),
    (
        "5. Cải cách chế độ công vụ",
        "Tổ chức 02 buổi tập huấn quy tắc ứng xử cho giáo viên (Chủ trì: Công đoàn cơ sở; "
        "Hằng quý (31/3, 30/6, 30/9, 30/11)).",
    ),
    (
        "6. Cải cách tài chính công",
        "Công khai 100% dự toán, quyết toán ngân sách (Chủ trì: Kế toán; trước ngày 30/6/2023).",
    ),
    (
        "7. Hiện đại hóa nền hành chính",
        "100% văn bản đi, đến được xử lý trên phần mềm có chữ ký số (Chủ trì: Bộ phận Công nghệ "
        "thông tin; thời gian: tháng 12/2023).",
    ),
    (
        "8. Khảo sát, đánh giá sự hài lòng",
        "Khảo sát sự hài lòng của phụ huynh đạt trên 85% (Chủ trì: Phó Hiệu trưởng; Quý IV/2023).",
    ),
    (
        "9. Công tác truyền thông hỗ trợ CCHC",
        "Đăng 12 tin bài về CCHC trên trang thông tin điện tử của trường (Chủ trì: Tổng phụ "
        "trách Đội; thời gian: hằng tháng, trước ngày 25 mỗi tháng).",
    ),
]

TARGETS = [
    "1. 100% hồ sơ được giải quyết đúng hạn (Chủ trì: Văn thư; Quý IV/2023).",
    "2. Tỷ lệ phụ huynh hài lòng với dịch vụ giáo dục đạt trên 85% (Chủ trì: Ban Giám hiệu; "
    "tháng 12/2023).",
    "3. 100% hồ sơ trễ hạn có thư xin lỗi (Chủ trì: Hiệu trưởng; thời gian: Quý IV/2023).",
]


def plan_body(
    areas: list[tuple[str, str]] | None = None, targets: list[str] | None = None
) -> list[Paragraph | Table]:
    """A plan body that meets every rule of q7-2022, in prose."""
    body: list[Paragraph | Table] = [para("I. MỤC TIÊU", bold=True)]
    body += [para(t) for t in (TARGETS if targets is None else targets)]
    body.append(para("II. NHIỆM VỤ, GIẢI PHÁP", bold=True))
    for heading, task in AREAS if areas is None else areas:
        body += [para(heading, bold=True), para(f"- {task}")]
    body += [
        para("III. KINH PHÍ THỰC HIỆN", bold=True),
        para("Từ nguồn ngân sách chi thường xuyên năm 2023 của trường."),
        para("IV. TỔ CHỨC THỰC HIỆN", bold=True),
        para("Ban Giám hiệu phân công, theo dõi, báo cáo kết quả hằng quý."),
    ]
    return body


REPORT_SECTIONS: list[tuple[str, str]] = [
    ("I. KẾT QUẢ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", ""),
    (
        "1. Về tổ chức chỉ đạo, điều hành cải cách hành chính",
        "Ban hành 01 kế hoạch, đạt 3/3 chỉ tiêu của kế hoạch năm.",
    ),
    ("2. Kết quả tiếp nhận, xử lý phản ánh của phụ huynh, báo chí", "Tiếp nhận 0 phản ánh."),
    ("3. Những sáng kiến trong triển khai công tác CCHC", ""),
    ("3.1. Tên mô hình", 'Mô hình "Phụ huynh nộp hồ sơ trực tuyến".'),
    ("3.2. Đánh giá hiệu quả", "Giảm 50% thời gian chờ của phụ huynh."),
    ("4. Khảo sát sự hài lòng của phụ huynh", "Khảo sát 320 phụ huynh, 96% hài lòng."),
    ("5. Xác định, nâng cao Chỉ số CCHC", "Triển khai 08 tiêu chí thành phần."),
    ("6. Công tác phối hợp trong triển khai cải cách hành chính", "Phối hợp 02 đơn vị."),
    ("7. Về công tác tuyên truyền, truyền thông hỗ trợ CCHC, TTHC", "Đăng 06 tin bài."),
    ("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC CCHC", ""),
    ("1. Cải cách thể chế hành chính", ""),
    ("1.1. Kết quả các nhiệm vụ trong Kế hoạch", "Rà soát 02 quy chế."),
    ("1.2. Những mặt làm được, hạn chế", "Làm được: đúng tiến độ."),
    ("2. Cải cách thủ tục hành chính (TTHC)", ""),
    (
        "2.1. Kết quả các nhiệm vụ trong Kế hoạch",
        "Tiếp nhận 25 hồ sơ, giải quyết đúng hạn 25/25 (100%), 0 thư xin lỗi.",
    ),
    ("2.2. Những mặt làm được, hạn chế", "Hạn chế: chưa có hồ sơ trực tuyến mức độ 4."),
    ("3. Cải cách tổ chức bộ máy hành chính nhà nước", ""),
    ("3.1. Kết quả các nhiệm vụ trong Kế hoạch", "Kiện toàn 04 tổ chuyên môn."),
    ("3.2. Những mặt làm được, hạn chế", "Làm được: đủ nhân sự."),
    ("4. Cải cách chế độ công vụ", ""),
    ("4.1. Kết quả các nhiệm vụ trong Kế hoạch", "Tập huấn 02 buổi."),
    ("4.2. Những mặt làm được, hạn chế", "Làm được: 100% giáo viên tham gia."),
    ("5. Cải cách tài chính công", ""),
    ("5.1. Kết quả các nhiệm vụ trong Kế hoạch", "Công khai 02 lần."),
    ("5.2. Những mặt làm được, hạn chế", "Làm được: đúng hạn."),
    ("6. Hiện đại hóa nền hành chính, xây dựng và phát triển chính quyền điện tử", ""),
    ("6.1. Kết quả các nhiệm vụ trong Kế hoạch", "100% văn bản có chữ ký số."),
    ("6.2. Những mặt làm được, hạn chế", "Hạn chế: đường truyền chậm."),
    ("III. ĐÁNH GIÁ CHUNG", ""),
    ("1. Nguyên nhân những tồn tại, hạn chế", "Thiết bị cũ."),
    ("2. Khó khăn, vướng mắc", "Thiếu 01 nhân viên CNTT."),
    ("3. Giải pháp khắc phục", "Đề xuất mua 02 máy quét."),
    ("4. Kiến nghị, đề xuất", "Không có."),
    ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI", ""),
]

DIRECTION = [
    "- Cải cách thủ tục hành chính: niêm yết 100% thủ tục mới trước ngày 15/4/2023.",
    "- Cải cách chế độ công vụ: tập huấn quy tắc ứng xử cho 100% giáo viên trong tháng 4/2023.",
    "- Hiện đại hóa: số hóa 100% hồ sơ học sinh trước ngày 31/5/2023.",
    "- Truyền thông: đăng 03 tin bài về CCHC mỗi tháng.",
]


def report_body(
    sections: list[tuple[str, str]] | None = None,
    direction: list[str] | None = None,
    window: str | None = "Thời điểm chốt số liệu: từ ngày 01/12/2022 đến ngày 01/3/2023.",
) -> list[Paragraph | Table]:
    """A Q1 2023 report body that meets every rule of q7-2022."""
    body: list[Paragraph | Table] = []
    if window:
        body.append(para(window))
    for heading, text in REPORT_SECTIONS if sections is None else sections:
        body.append(para(heading, bold=True))
        if text:
            body.append(para(text))
    body += [para(line) for line in (DIRECTION if direction is None else direction)]
    return body


def report(**kwargs: object) -> IngestedDocument:
    return frame(
        report_body(**kwargs),
        title="BÁO CÁO",  # type: ignore[arg-type]
        subtitle="Kết quả thực hiện công tác cải cách hành chính quý I năm 2023",
        number="Số: 12/BC-THCSNVA",
        date_line="Quận 7, ngày 02 tháng 3 năm 2023",
    )
