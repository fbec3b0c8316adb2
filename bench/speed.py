"""How fast is reading a plan, against the PDF libraries alone, and how much memory it takes.

Run: ``.venv/bin/python -m bench.speed`` (or ``python bench/speed.py``). Renders a realistic
20-page and 100-page plan with ``corpus.render``, then times, best of 5 and median:
(a) pdfplumber alone (``extract_text`` on every page), (b) pypdfium2 text extraction,
(c) ``validator.ingest.ingest``, (d) ``validator.pipeline.check_document`` end to end when
the pipeline is ready. Peak RSS of checking the 100-page PDF is measured in a fresh process.
Goal: end to end ≤ 1.3 × pdfplumber alone, peak memory < 300 MB.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber
import pypdfium2 as pdfium

from corpus.render import decree30_header, render_pdf
from validator.ingest import ingest
from validator.models import Paragraph, Table
from validator.settings import Settings

RUNS = 5
PAGES_PER_SECTION = 1.03  # measured: one _section() fills a little more than a page
AREAS = (
    "Công tác chỉ đạo, điều hành cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Hiện đại hóa nền hành chính, xây dựng chính quyền điện tử",
    "Khảo sát, đánh giá sự hài lòng",
    "Công tác truyền thông hỗ trợ cải cách hành chính",
)
PROSE = (
    "Trong năm, nhà trường tiếp tục quán triệt, triển khai thực hiện nghiêm túc các văn bản "
    "chỉ đạo của cấp trên về công tác cải cách hành chính; rà soát, cập nhật quy trình giải "
    "quyết thủ tục hành chính theo hướng đơn giản hóa, công khai, minh bạch; phấn đấu tỷ lệ "
    "hồ sơ giải quyết đúng hạn đạt từ 97% trở lên, không có lĩnh vực nào dưới 95%, và sự "
    "hài lòng của phụ huynh đối với dịch vụ giáo dục đạt trên 80% vào tháng 12 năm 2023."
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _section(index: int) -> list[Paragraph | Table]:
    area = AREAS[index % len(AREAS)]
    blocks: list[Paragraph | Table] = [
        Paragraph(text=area.upper(), label=f"{ROMAN[index % 10]}.", bold=True),
        Paragraph(text=PROSE),
        Paragraph(text=f"Nhiệm vụ trọng tâm về {area.lower()}", label="1.", bold=True),
    ]
    for task in range(4):
        blocks.append(Paragraph(text=f"Nhiệm vụ {task + 1}: {PROSE[:180]}", label="-"))
        blocks.append(Paragraph(text="Đơn vị chủ trì: Tổ Văn phòng; hoàn thành quý IV.", label="+"))
    if index % 3 == 0:
        rows = [["STT", "Nội dung", "Chỉ tiêu", "Đơn vị chủ trì", "Thời gian"]]
        rows += [
            [str(r), f"{area}: nội dung {r}", f"{90 + r}%", "Ban Giám hiệu", f"{r:02d}/12/2023"]
            for r in range(1, 6)
        ]
        blocks.append(Table(rows=rows))
    blocks.append(Paragraph(text=PROSE))
    return blocks


def plan_pdf(path: Path, pages: int) -> Path:
    """A plan of about ``pages`` pages: header band, headings, bullets, prose, tables."""
    header = decree30_header(
        "ỦY BAN NHÂN DÂN QUẬN 7",
        "TRƯỜNG THCS NGUYỄN VĂN A",
        "Số: 45/KH-THCSNVA",
        "Quận 7, ngày 05 tháng 01 năm 2023",
    )
    sections = round(pages / PAGES_PER_SECTION)
    blocks = [block for i in range(sections) for block in _section(i)]
    render_pdf(blocks, path, header=header)
    return path


def pdfplumber_alone(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def pypdfium_text(path: Path) -> None:
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            page.get_textpage().get_text_bounded()
    finally:
        pdf.close()


def our_ingest(path: Path) -> None:
    ingest(path, Settings())


def end_to_end() -> tuple[Callable[[Path], object] | None, str]:
    """``check_document`` when the pipeline runs, else None and why not."""
    from validator.pipeline import check_document

    probe = Path(tempfile.mkdtemp()) / "probe.pdf"
    render_pdf([Paragraph(text=PROSE)], probe)
    try:
        check_document(probe, settings=Settings())
    except NotImplementedError:
        return None, "not written yet (NotImplementedError)"
    except Exception as exc:  # the pipeline is another engineer's work in progress
        return None, f"fails on a one-paragraph plan ({type(exc).__name__}: {exc})"
    return (lambda path: check_document(path, settings=Settings())), ""


def measure(contenders: dict[str, Callable[[Path], object]], path: Path) -> dict[str, list[float]]:
    """Seconds of each run of each contender, interleaved run by run so that a machine busy
    with other work slows every contender alike."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(RUNS):
        for name, func in contenders.items():
            started = time.perf_counter()
            func(path)
            times[name].append(time.perf_counter() - started)
    return times


PEAK_SCRIPT = """
import sys, tracemalloc
from pathlib import Path
from validator.settings import Settings
def high_water_kb():
    # VmHWM belongs to this process's memory map, which exec replaces; ru_maxrss would
    # carry over the peak of the (possibly large) process that started this one.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")
if sys.argv[1] == "ingest":
    from validator.ingest import ingest as run
else:
    from validator.pipeline import check_document as run
base = high_water_kb()
tracemalloc.start()
# read in this process: with isolation the parse's memory would sit in a child we cannot see
run(Path(sys.argv[2]), settings=Settings(isolate_parsing=False))
heap = tracemalloc.get_traced_memory()[1] // 1024
print(base, high_water_kb(), heap)
"""


def peak_memory_mb(what: str, path: Path) -> tuple[float, float, float]:
    """Of a fresh process: peak RSS after imports, peak RSS overall, and the peak of Python
    allocations made by the run itself (tracemalloc), in MB."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, what, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    imports, peak, heap = (int(value) / 1024 for value in done.stdout.split()[-3:])
    return imports, peak, heap


def _ratio(times: dict[str, list[float]], ours: str, theirs: str) -> str:
    best = min(times[ours]) / min(times[theirs])
    median = statistics.median(times[ours]) / statistics.median(times[theirs])
    return f"{best:.2f}x ({median:.2f}x)"


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    pdfs = {}
    for target in (20, 100):
        path = plan_pdf(workdir / f"plan-{target}.pdf", target)
        with pdfium.PdfDocument(path) as pdf:
            pdfs[len(pdf)] = path
    check, why_not = end_to_end()
    contenders: dict[str, Callable[[Path], object]] = {
        "pdfplumber extract_text": pdfplumber_alone,
        "pypdfium2 get_text": pypdfium_text,
        "ingest": our_ingest,
    }
    if check is None:
        print(f"note: validator.pipeline.check_document skipped: {why_not.splitlines()[0]}")
    else:
        contenders["check_document"] = check
    results = {pages: measure(contenders, path) for pages, path in pdfs.items()}
    print(f"{'':26}" + "".join(f"{f'{n} pages best / median':>30}" for n in pdfs))
    for name in contenders:
        cells = [
            f"{min(results[n][name]):12.3f} s / {statistics.median(results[n][name]):8.3f} s"
            for n in pdfs
        ]
        print(f"{name:26}" + "".join(f"{cell:>30}" for cell in cells))
    for ours in [name for name in ("ingest", "check_document") if name in contenders]:
        for pages, times in results.items():
            print(
                f"{pages:3} pages, best (median): {ours}/pdfplumber = "
                f"{_ratio(times, ours, 'pdfplumber extract_text')}, {ours}/pypdfium2 = "
                f"{_ratio(times, ours, 'pypdfium2 get_text')}"
            )
    what = "check" if check else "ingest"
    pages, longest = max(pdfs.items())
    imports, peak, heap = peak_memory_mb(what, longest)
    print(
        f"memory, {what} of the {pages}-page PDF in a fresh process (parsed in-process): "
        f"peak RSS {peak:.0f} MB "
        f"(after imports {imports:.0f} MB); Python allocations of the run peak at {heap:.0f} MB"
    )


if __name__ == "__main__":
    main()
