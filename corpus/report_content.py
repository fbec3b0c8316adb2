"""What a school's periodic CCHC report says, heading by heading of the letter's outline.

The outline is letter 260/GDĐT's ĐỀ CƯƠNG: every path here is a heading a report must carry.
Content is short and carries figures, as §5 of the letter asks; the figures of one report
come from one :class:`Facts` so that they agree with each other (25 received, 25/25 on time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# path → heading variants (the first is the letter's wording); II.x.1 / II.x.2 added below
_HEADINGS: dict[str, tuple[str, ...]] = {
    "I": ("KẾT QUẢ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",),
    "I.1": (
        "Về tổ chức chỉ đạo, điều hành cải cách hành chính",
        "Tổ chức chỉ đạo, điều hành cải cách hành chính",
    ),
    "I.2": (
        "Kết quả tiếp nhận, xử lý phản ánh của phụ huynh, báo chí; tổ chức đối thoại với phụ huynh",
        "Kết quả tiếp nhận, xử lý phản ánh của phụ huynh, báo chí",
    ),
    "I.3": (
        "Những sáng kiến trong triển khai công tác CCHC đang áp dụng",
        "Những sáng kiến trong triển khai công tác cải cách hành chính đang áp dụng",
    ),
    "I.3.1": ("Tên mô hình",),
    "I.3.2": ("Đánh giá hiệu quả",),
    "I.4": ("Khảo sát sự hài lòng của phụ huynh",),
    "I.5": ("Xác định, nâng cao Chỉ số CCHC", "Xác định, nâng cao Chỉ số CCHC (nếu có)"),
    "I.6": (
        "Công tác phối hợp trong triển khai cải cách hành chính",
        "Công tác phối hợp trong triển khai CCHC",
    ),
    "I.7": (
        "Về công tác tuyên truyền, truyền thông hỗ trợ CCHC, TTHC",
        "Công tác tuyên truyền, truyền thông hỗ trợ CCHC, TTHC",
    ),
    "II": ("KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC CCHC", "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC"),
    "II.1": ("Cải cách thể chế hành chính", "Cải cách thể chế"),
    "II.2": ("Cải cách thủ tục hành chính (TTHC)", "Cải cách thủ tục hành chính"),
    "II.3": ("Cải cách tổ chức bộ máy hành chính nhà nước", "Cải cách tổ chức bộ máy"),
    "II.4": ("Cải cách chế độ công vụ",),
    "II.5": ("Cải cách tài chính công",),
    "II.6": (
        "Hiện đại hóa nền hành chính, xây dựng và phát triển chính quyền điện tử",
        "Hiện đại hóa nền hành chính",
    ),
    "III": ("ĐÁNH GIÁ CHUNG",),
    "III.1": (
        "Nguyên nhân những tồn tại, hạn chế (khách quan, chủ quan)",
        "Nguyên nhân những tồn tại, hạn chế",
    ),
    "III.2": ("Khó khăn, vướng mắc",),
    "III.3": ("Giải pháp khắc phục",),
    "III.4": ("Kiến nghị, đề xuất",),
    "IV": (
        "PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    ),
}
RESULT_HEADINGS = (
    ("Kết quả các nhiệm vụ trong Kế hoạch", "Kết quả thực hiện các nhiệm vụ trong Kế hoạch"),
    ("Những mặt làm được, hạn chế", "Những mặt làm được, mặt hạn chế"),
)


def _ordered_outline() -> dict[str, tuple[str, ...]]:
    """The outline in reading order, each II.x followed by its x.1 and x.2."""
    outline: dict[str, tuple[str, ...]] = {}
    for path, variants in _HEADINGS.items():
        outline[path] = variants
        if path.startswith("II.") and path.count(".") == 1:
            outline[f"{path}.1"] = RESULT_HEADINGS[0]
            outline[f"{path}.2"] = RESULT_HEADINGS[1]
    return outline


OUTLINE = _ordered_outline()

# headings a clerk may forget (leaves and a few whole sections); never "IV", which has its own code
OMITTABLE = (
    "I.2", "I.3.2", "I.4", "I.5", "I.6", "I.7", "II.1.2", "II.2.2", "II.3.1", "II.4",
    "II.5.2", "II.6.1", "III.1", "III.2", "III.3", "III.4",
)  # fmt: skip

INITIATIVES = (
    "Sổ liên lạc điện tử kết nối phụ huynh",
    "Tiếp nhận hồ sơ nhập học trực tuyến qua mã QR",
    "Thu học phí không dùng tiền mặt",
    "Hộp thư góp ý điện tử của phụ huynh",
)


@dataclass
class Facts:
    """The figures of one report; derived ones are computed so they always agree."""

    received: int
    online: int
    postal: int
    procedures: int
    complaints: int
    dialogues: int
    surveyed: int
    satisfied_pct: int
    news: int
    news_office: int
    staff: int
    trainees: int
    rules: int
    e_docs: int
    digitised: int
    cashless_pct: int
    par_points: int
    initiative: str
    ward: str

    @classmethod
    def draw(cls, rng: random.Random) -> Facts:
        received = rng.randint(8, 60)
        return cls(
            received=received,
            online=rng.randint(received // 2, received),
            postal=rng.randint(0, 5),
            procedures=rng.randint(4, 9),
            complaints=rng.randint(0, 6),
            dialogues=rng.randint(1, 3),
            surveyed=rng.randint(120, 450),
            satisfied_pct=rng.randint(88, 99),
            news=rng.randint(3, 12),
            news_office=rng.randint(1, 3),
            staff=rng.randint(35, 95),
            trainees=rng.randint(5, 25),
            rules=rng.randint(2, 4),
            e_docs=rng.randint(40, 180),
            digitised=rng.randint(50, 300),
            cashless_pct=rng.randint(92, 100),
            par_points=rng.randint(82, 96),
            initiative=rng.choice(INITIATIVES),
            ward=rng.choice(
                ["Tân Phong", "Tân Phú", "Phú Mỹ", "Tân Quy", "Bình Thuận", "Tân Kiểng"]
            ),
        )

    @property
    def online_pct(self) -> int:
        return round(100 * self.online / self.received)


def n2(value: int) -> str:
    """Counts below 10 written with a leading zero, as clerks do ("05 tin, bài")."""
    return f"{value:02d}"


def section_lines(path: str, f: Facts, pupils: str) -> list[str]:
    """The body lines under one outline heading (empty for headings that only group)."""
    lines = {
        "I.1": [
            "Nhà trường ban hành Kế hoạch CCHC năm, kiện toàn Ban Chỉ đạo CCHC và phân công "
            f"{n2(f.rules + 3)} thành viên phụ trách từng lĩnh vực.",
            f"Tổ chức {n2(f.dialogues)} cuộc họp Ban Chỉ đạo CCHC; hoàn thành 100% nhiệm vụ "
            "do UBND Quận 7, Phòng GD&ĐT giao trong kỳ.",
        ],
        "I.2": [_complaints_line(f)],
        "I.3.1": [f"Mô hình “{f.initiative}”."],
        "I.3.2": [
            f"Giảm số lần phụ huynh đến trường từ 02 lần xuống 01 lần; {f.online_pct}% hồ sơ "
            "được tiếp nhận trực tuyến; tiết kiệm khoảng 3.000.000 đồng chi phí in ấn mỗi năm.",
        ],
        "I.4": [
            f"Khảo sát {f.surveyed} phụ huynh bằng phiếu trực tuyến; tỷ lệ hài lòng đạt "
            f"{f.satisfied_pct}% (chỉ tiêu trên 80%).",
            "Phạm vi khảo sát: chất lượng chăm sóc, giáo dục; cơ sở vật chất; thái độ phục vụ "
            "của cán bộ, giáo viên, nhân viên.",
        ],
        "I.5": [
            f"Nhà trường tự đánh giá Chỉ số CCHC đạt {f.par_points}/100 điểm; phân công "
            f"{n2(f.rules + 2)} viên chức phụ trách các tiêu chí thành phần.",
        ],
        "I.6": [
            f"Phối hợp Ban Đại diện cha mẹ {pupils}, Ủy ban nhân dân phường {f.ward} tổ chức "
            f"{n2(f.dialogues)} buổi tuyên truyền; phối hợp Bưu điện Quận 7 trả {n2(f.postal)} "
            "kết quả qua dịch vụ bưu chính công ích.",
        ],
        "I.7": [
            f"Đăng {n2(f.news)} tin, bài về CCHC trên trang thông tin điện tử của trường; cung "
            f"cấp {n2(f.news_office)} tin, bài cho Phòng GD&ĐT; lồng ghép tuyên truyền dịch vụ "
            f"công trực tuyến trong {n2(f.dialogues + 1)} buổi họp phụ huynh.",
        ],
        "II.1.1": [
            f"Rà soát {n2(f.rules)} quy chế nội bộ (Quy chế chi tiêu nội bộ, Quy chế dân chủ cơ "
            f"sở, Quy chế làm việc); phổ biến văn bản mới cho {f.staff}/{f.staff} cán bộ, giáo "
            "viên, nhân viên.",
        ],
        "II.1.2": [
            "Làm được: văn bản nội bộ được cập nhật kịp thời, đúng quy định.",
            "Hạn chế: một số quy chế còn chậm điều chỉnh theo văn bản mới của cấp trên.",
        ],
        "II.2.1": [
            f"Tiếp nhận {n2(f.received)} hồ sơ (chuyển trường, xác nhận {pupils} đang học, cấp "
            f"bản sao), giải quyết đúng hạn {n2(f.received)}/{n2(f.received)} hồ sơ (100%), "
            "0 hồ sơ trễ hạn, 0 thư xin lỗi.",
            f"Tiếp nhận trực tuyến mức độ 3, 4: {n2(f.online)} hồ sơ ({f.online_pct}%); qua "
            f"dịch vụ bưu chính công ích: {n2(f.postal)} hồ sơ; niêm yết công khai 100% TTHC "
            f"({n2(f.procedures)} thủ tục); đề xuất đơn giản hóa 01 thủ tục nội bộ.",
        ],
        "II.2.2": [
            "Làm được: 100% hồ sơ giải quyết đúng hạn, không có hồ sơ trễ hạn.",
            "Hạn chế: một số phụ huynh lớn tuổi chưa quen nộp hồ sơ trực tuyến.",
        ],
        "II.3.1": [
            f"Kiện toàn {n2(f.rules + 1)} tổ chuyên môn và Tổ Văn phòng; phân công nhiệm vụ cho "
            f"{f.staff}/{f.staff} cán bộ, giáo viên, nhân viên đúng vị trí việc làm.",
        ],
        "II.3.2": [
            "Làm được: bộ máy ổn định, phân công rõ người, rõ việc.",
            "Hạn chế: còn thiếu 01 nhân viên văn thư chuyên trách.",
        ],
        "II.4.1": [
            f"{f.staff}/{f.staff} viên chức ký cam kết thực hiện Quy tắc ứng xử; cử "
            f"{n2(f.trainees)} lượt giáo viên tham gia bồi dưỡng; không có trường hợp vi phạm "
            "kỷ luật.",
        ],
        "II.4.2": [
            "Làm được: đội ngũ chấp hành tốt kỷ luật, kỷ cương hành chính.",
            "Hạn chế: giáo viên chuyên trách công tác CCHC còn kiêm nhiệm nhiều việc.",
        ],
        "II.5.1": [
            f"Công khai tài chính 01 lần trong kỳ; thu không dùng tiền mặt đạt {f.cashless_pct}% "
            f"số {pupils}; thực hiện đúng Quy chế chi tiêu nội bộ.",
        ],
        "II.5.2": [
            "Làm được: thu, chi công khai, minh bạch.",
            "Hạn chế: một số phụ huynh còn nộp tiền mặt.",
        ],
        "II.6.1": [
            f"100% văn bản đi được ký số ({f.e_docs} văn bản); quản lý 100% hồ sơ {pupils} trên "
            f"phần mềm; số hóa {f.digitised} hồ sơ lưu trữ.",
        ],
        "II.6.2": [
            "Làm được: văn bản điện tử được gửi, nhận đúng thời gian.",
            "Hạn chế: đường truyền mạng có lúc chưa ổn định.",
        ],
        "III.1": [
            "Khách quan: số lượng hồ sơ phát sinh không đều giữa các tháng; hạ tầng mạng còn hạn "
            "chế. Chủ quan: một số viên chức chưa thành thạo phần mềm.",
        ],
        "III.2": [
            f"Tỷ lệ hồ sơ nộp trực tuyến mới đạt {f.online_pct}%; phụ huynh còn ngại sử dụng "
            "dịch vụ công trực tuyến.",
        ],
        "III.3": [
            f"Hướng dẫn trực tiếp phụ huynh tại Tổ Văn phòng; tổ chức thêm {n2(f.dialogues)} buổi "
            "tập huấn phần mềm cho viên chức.",
        ],
        "III.4": [
            "Đề nghị Phòng Giáo dục và Đào tạo tổ chức 01 lớp tập huấn về ký số và lưu trữ "
            "điện tử cho văn thư các trường.",
        ],
    }
    return lines.get(path, [])


def _complaints_line(f: Facts) -> str:
    dialogue = f"tổ chức {n2(f.dialogues)} buổi đối thoại với phụ huynh"
    if not f.complaints:
        return f"Trong kỳ không phát sinh phản ánh của phụ huynh, báo chí (0 phản ánh); {dialogue}."
    handled = f"{n2(f.complaints)}/{n2(f.complaints)}"
    return (
        f"Tiếp nhận {n2(f.complaints)} phản ánh của phụ huynh qua hộp thư góp ý và đường dây "
        f"nóng, đã giải quyết {handled} phản ánh (100%); không có phản ánh của báo chí; {dialogue}."
    )


@dataclass(frozen=True)
class Direction:
    """One line of section IV: an area, a concrete action, and when (in the next period).

    ``when`` holds ``{d}`` (a date) or ``{m}`` (a month) of the next period.
    """

    area: str
    action: str
    when: str


DIRECTIONS = (
    Direction("Chỉ đạo, điều hành", "họp Ban Chỉ đạo CCHC sơ kết kỳ báo cáo", "trước ngày {d}"),
    Direction("Cải cách thể chế", "rà soát, bổ sung 01 quy chế nội bộ", "trong tháng {m}"),
    Direction(
        "Cải cách TTHC",
        "cập nhật, niêm yết 100% TTHC; hướng dẫn phụ huynh nộp hồ sơ trực tuyến",
        "trước ngày {d}",
    ),
    Direction("Cải cách chế độ công vụ", "cử 05 giáo viên tham gia bồi dưỡng", "trong tháng {m}"),
    Direction(
        "Cải cách tài chính công", "công khai tài chính và kiểm kê tài sản", "trước ngày {d}"
    ),
    Direction("Hiện đại hóa nền hành chính", "số hóa thêm 150 hồ sơ lưu trữ", "trong tháng {m}"),
    Direction(
        "Khảo sát sự hài lòng",
        "khảo sát ý kiến 200 phụ huynh, phấn đấu trên 90% hài lòng",
        "trong tháng {m}",
    ),
    Direction(
        "Tuyên truyền CCHC",
        "đăng 03 tin, bài về CCHC mỗi tháng; cung cấp 01 tin, bài cho Phòng GD&ĐT",
        "trước ngày {d}",
    ),
)
