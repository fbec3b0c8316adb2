"""Vocabulary of the synthetic corpus: schools, people, lead units, milestones, area headings.

Everything a clerk in a Quận 7 school would write comes from here, so the plan and report
generators stay about structure. The wording follows the two seed documents (the Office's
2019 plan and letter 260/GDĐT of 2022); variants are deliberate, so a checker cannot pass
by matching one fixed string.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

DISTRICT_ISSUER = "ỦY BAN NHÂN DÂN QUẬN 7"
PLACE = "Quận 7"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class School:
    """A public school of the district; ``level`` decides pupils' and groups' names."""

    level: str  # "MN" | "TH" | "THCS"
    name: str  # "Hoa Sen"

    @property
    def full_name(self) -> str:
        prefix = {"MN": "Mầm non", "TH": "Tiểu học", "THCS": "THCS"}[self.level]
        return f"Trường {prefix} {self.name}"

    @property
    def issuer_line(self) -> str:
        return self.full_name.upper()

    @property
    def code(self) -> str:
        """Issuer code of the number line: level plus initials, "THCSNVA" style."""
        initials = "".join(word[0] for word in self.name.split())
        return self.level + strip_marks(initials).upper()

    @property
    def pupils(self) -> str:
        return "trẻ" if self.level == "MN" else "học sinh"

    @property
    def slug(self) -> str:
        return f"{self.level}-{strip_marks(self.name)}".lower().replace(" ", "-").replace("đ", "d")


def strip_marks(text: str) -> str:
    """Drop Vietnamese tone and vowel marks, keeping "Đ" (codes like "ĐBL" keep it)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


SCHOOL_NAMES: dict[str, list[str]] = {
    "MN": ["Hoa Sen", "Tân Phong", "Bông Sen", "Sao Mai", "Tuổi Thơ", "Hướng Dương", "Họa Mi"],
    "TH": [
        "Lê Anh Xuân",
        "Nguyễn Văn Hưởng",
        "Phú Mỹ",
        "Tân Quy",
        "Lương Thế Vinh",
        "Đinh Bộ Lĩnh",
    ],
    "THCS": [
        "Nguyễn Hữu Thọ",
        "Huỳnh Tấn Phát",
        "Phạm Hữu Lầu",
        "Trần Quốc Tuấn",
        "Nguyễn Thị Thập",
        "Hoàng Quốc Việt",
    ],
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Phan", "Lâm"]
MIDDLE = ["Thị", "Văn", "Thị Thu", "Ngọc", "Thanh", "Minh", "Thị Kim", "Hoàng", "Thị Mỹ", "Quốc"]
GIVEN = ["Hương", "Lan", "Tuấn", "Dũng", "Hạnh", "Phượng", "Thảo", "Nam", "Bình", "Yến", "Sơn"]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def pick_school(rng: random.Random) -> School:
    level = rng.choice(list(SCHOOL_NAMES))
    return School(level, rng.choice(SCHOOL_NAMES[level]))


# --------------------------------------------------------------------------- plan areas


@dataclass(frozen=True)
class Area:
    """One of the nine areas a plan must cover (letter 260 §4); ``headings`` are variants."""

    id: str
    name: str  # the canonical Vietnamese name, for truth quotes and the bench
    headings: tuple[str, ...]


AREAS: tuple[Area, ...] = (
    Area(
        "chi-dao",
        "Công tác chỉ đạo, điều hành CCHC",
        (
            "Công tác chỉ đạo, điều hành",
            "Công tác chỉ đạo, điều hành cải cách hành chính",
            "Công tác chỉ đạo, điều hành CCHC",
        ),
    ),
    Area(
        "the-che",
        "Cải cách thể chế",
        (
            "Cải cách thể chế",
            "Xây dựng và tổ chức thực hiện văn bản",
            "Cải cách thể chế, xây dựng và tổ chức thực hiện văn bản",
        ),
    ),
    Area(
        "tthc",
        "Cải cách thủ tục hành chính",
        (
            "Cải cách thủ tục hành chính",
            "Cải cách thủ tục hành chính (TTHC)",
            "Cải cách TTHC",
        ),
    ),
    Area(
        "bo-may",
        "Cải cách tổ chức bộ máy hành chính nhà nước",
        (
            "Cải cách tổ chức bộ máy",
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            "Cải cách tổ chức bộ máy hành chính",
        ),
    ),
    Area(
        "cong-vu",
        "Cải cách chế độ công vụ",
        (
            "Cải cách chế độ công vụ",
            "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
            "Cải cách chế độ công vụ, công chức",
        ),
    ),
    Area(
        "tai-chinh",
        "Cải cách tài chính công",
        ("Cải cách tài chính công", "Cải cách tài chính công, thực hiện cơ chế tự chủ"),
    ),
    Area(
        "hien-dai-hoa",
        "Hiện đại hóa nền hành chính",
        (
            "Hiện đại hóa nền hành chính",
            "Chuyển đổi số",
            "Hiện đại hoá nền hành chính, xây dựng và phát triển chính quyền điện tử",
            "Hiện đại hóa nền hành chính, chuyển đổi số",
        ),
    ),
    Area(
        "hai-long",
        "Khảo sát, đánh giá sự hài lòng",
        (
            "Khảo sát, đánh giá sự hài lòng",
            "Khảo sát sự hài lòng của phụ huynh",
            "Khảo sát, đánh giá mức độ hài lòng của phụ huynh",
        ),
    ),
    Area(
        "truyen-thong",
        "Công tác truyền thông hỗ trợ CCHC",
        (
            "Công tác truyền thông",
            "Tuyên truyền cải cách hành chính",
            "Công tác truyền thông hỗ trợ CCHC, cải cách TTHC",
            "Công tác tuyên truyền, truyền thông về cải cách hành chính",
        ),
    ),
)
AREA_BY_ID = {area.id: area for area in AREAS}


# --------------------------------------------------------------------------- lead units


def lead_units(school: School) -> list[str]:
    """Specific units and roles a task may name as its lead (domain.md "Lead unit")."""
    common = [
        "Ban Giám hiệu",
        "Hiệu trưởng",
        "Phó Hiệu trưởng phụ trách chuyên môn",
        "Tổ Văn phòng",
        "Kế toán",
        "Văn thư",
        "Công đoàn cơ sở",
        "Ban Thanh tra nhân dân",
        "Bộ phận Công nghệ thông tin",
        "Phó Hiệu trưởng phụ trách cơ sở vật chất",
        "Thư ký Hội đồng trường",
        "Chi đoàn giáo viên",
    ]
    if school.level == "MN":
        return [
            *common,
            "Tổ chuyên môn Khối Lá",
            "Tổ chuyên môn Khối Mầm",
            "Phó Hiệu trưởng phụ trách bán trú",
        ]
    if school.level == "TH":
        return [*common, "Tổ chuyên môn Khối 3", "Tổ chuyên môn Khối 5", "Tổng phụ trách Đội"]
    return [*common, "Tổ chuyên môn Toán", "Tổ chuyên môn Ngữ văn", "Tổng phụ trách Đội"]


VAGUE_UNITS = ("Các bộ phận liên quan", "Toàn trường", "Tập thể")


# --------------------------------------------------------------------------- milestones


def milestones(year: int) -> list[str]:
    """Completion milestones: a date, a month, a quarter, or a recurrence with named dates."""
    return [
        f"tháng 3/{year}",
        f"tháng 9/{year}",
        f"tháng 12/{year}",
        f"trước ngày 30/6/{year}",
        f"trước ngày 15/4/{year}",
        f"trước ngày 31/5/{year}",
        f"Quý II/{year}",
        f"Quý III/{year}",
        f"Quý IV/{year}",
        "Hằng quý (31/3, 30/6, 30/9, 30/11)",
        f"Học kỳ I (trước ngày 31/12/{year})",
        f"trong tháng 02/{year}",
        f"Trước 31/10/{year}",
        f"Từ tháng 9 đến tháng 12/{year}",
        "Định kỳ 6 tháng (30/6 và 31/12)",
    ]


VAGUE_MILESTONES = ("Thường xuyên", "Kịp thời", "Liên tục", "Theo chỉ đạo của cấp trên")

GENERIC_DIRECTIONS = (
    "Tiếp tục thực hiện theo Kế hoạch CCHC đã đề ra trong năm.",
    "Tiếp tục duy trì và thực hiện tốt các nhiệm vụ cải cách hành chính theo kế hoạch của "
    "nhà trường.",
    "Tiếp tục triển khai thực hiện các nội dung của Kế hoạch cải cách hành chính đã đề ra.",
    "Thực hiện theo chỉ đạo của cấp trên, phát huy những mặt làm được, khắc phục hạn chế.",
)

# Section IV lines that name an area but promise nothing measurable and no date: generic too
VAGUE_AREA_DIRECTIONS = (
    "Cải cách TTHC: tiếp tục thực hiện tốt công tác tiếp nhận, giải quyết hồ sơ.",
    "Cải cách thể chế: tiếp tục rà soát các quy chế nội bộ khi có văn bản mới.",
    "Cải cách chế độ công vụ: nâng cao ý thức, trách nhiệm của viên chức.",
    "Cải cách tài chính công: thực hiện công khai, minh bạch tài chính theo quy định.",
    "Hiện đại hóa nền hành chính: đẩy mạnh ứng dụng công nghệ thông tin.",
    "Tuyên truyền CCHC: tăng cường tuyên truyền đến phụ huynh.",
)
