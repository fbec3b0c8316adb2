# ruff: noqa: E501  (the sample plan keeps its lines as a school writes them)
"""Real input files for the service tests: a text plan and report, and evidence scans.

The evidence is drawn the way a scan looks (number line, signer title, a signature stroke,
a red round seal) so that the pipeline has real work to do.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

PLAN = """ỦY BAN NHÂN DÂN QUẬN 7
TRƯỜNG THCS NGUYỄN VĂN A
Số: 45/KH-THCSNVA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quận 7, ngày 05 tháng 01 năm {year}

KẾ HOẠCH
Cải cách hành chính năm {year}

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng phục vụ phụ huynh và học sinh.

II. CHỈ TIÊU, NHIỆM VỤ
1. Công tác chỉ đạo, điều hành CCHC: 100% văn bản chỉ đạo ban hành đúng hạn; đơn vị chủ trì: Ban Giám hiệu; hoàn thành: tháng 3/{year}.
2. Cải cách thể chế: rà soát 100% quy chế nội bộ; đơn vị chủ trì: Tổ Văn phòng; hoàn thành: tháng 6/{year}.
3. Cải cách thủ tục hành chính: 97% hồ sơ giải quyết đúng hạn; đơn vị chủ trì: Văn thư; hoàn thành: quý IV/{year}.
4. Cải cách tổ chức bộ máy: 100% vị trí việc làm được rà soát; đơn vị chủ trì: Hiệu trưởng; hoàn thành: tháng 9/{year}.
5. Cải cách chế độ công vụ: 100% viên chức được đánh giá; đơn vị chủ trì: Công đoàn cơ sở; hoàn thành: tháng 12/{year}.
6. Cải cách tài chính công: công khai 100% dự toán; đơn vị chủ trì: Kế toán; hoàn thành: tháng 1/{year}.
7. Hiện đại hóa nền hành chính: 100% văn bản điện tử có chữ ký số; đơn vị chủ trì: Bộ phận Công nghệ thông tin; hoàn thành: tháng 6/{year}.
8. Khảo sát sự hài lòng: trên 80% phụ huynh hài lòng; đơn vị chủ trì: Phó Hiệu trưởng; hoàn thành: tháng 11/{year}.
9. Công tác truyền thông: 12 tin bài về CCHC; đơn vị chủ trì: Tổng phụ trách Đội; hoàn thành: tháng 12/{year}.

III. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách chi thường xuyên của trường.

IV. TỔ CHỨC THỰC HIỆN
Ban Giám hiệu phân công, kiểm tra; các tổ thực hiện theo kế hoạch.

Nơi nhận:
- Phòng GD&ĐT Quận 7;
- Lưu: VT.
HIỆU TRƯỞNG

Nguyễn Thị B
"""


def write_plan(folder: Path, year: int = 2023, name: str = "ke-hoach.txt") -> Path:
    path = folder / name
    path.write_text(PLAN.format(year=year), encoding="utf-8")
    return path


def write_evidence(folder: Path, name: str, number: str = "45/KH-THCSNVA") -> Path:
    """A clean evidence page (A5 at 150 dpi): number, title, signature, seal, name."""
    page = Image.new("RGB", (874, 1240), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 26)
    draw.text((60, 60), "TRƯỜNG THCS NGUYỄN VĂN A", fill="black", font=font)
    draw.text((60, 110), f"Số: {number}", fill="black", font=font)
    draw.text((300, 220), "QUYẾT ĐỊNH", fill="black", font=font)
    draw.text((60, 320), "Về việc ban hành quy chế làm việc.", fill="black", font=font)
    draw.text((500, 900), "HIỆU TRƯỞNG", fill="black", font=font)
    draw.line([(520, 990), (600, 960), (640, 1000), (700, 950)], fill=(20, 20, 120), width=4)
    draw.ellipse([(430, 900), (590, 1060)], outline=(200, 20, 30), width=6)
    draw.text((500, 1100), "Nguyễn Thị B", fill="black", font=font)
    path = folder / name
    page.save(path)
    return path
