"""The Decree 30 frame of a document: issuer, number line, place-date line, title, kind,
period and year, signature block and recipients.

The header of a Word document is often a borderless two-column table (issuer and number
left, motto and date right) and a PDF line may carry both columns, so the reader looks for
each element *inside* lines and table cells rather than at whole lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from validator.models import Block, DocKind, DocumentForm, DocumentNumber, Period
from validator.text import fold, nfc

HEADER_BLOCKS = 40  # the number line, date line and title sit within the first blocks
FOOTER_BLOCKS = 40  # the signature block sits within the last blocks
NAME_WRAP_WORDS = 3  # a school's name wraps onto lines of at most this many words

_MOTTO = [
    re.compile(r"C[ỘO]NG\s+H[ÒOÓ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM", re.I),
    re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I),
]
_NUMBER_LINE = re.compile(r"(?:^|\s|\|)(?:Số|SỐ)\s*(?P<colon>:?)\s*(?P<raw>\S[^\n|]{0,60})")
_NUMBER = re.compile(
    r"^(?P<number>\d{1,5})\s*/\s*(?P<code>[0-9A-ZĐ][0-9A-Za-zĐđ&]*(?:\s*[-/]\s*[0-9A-ZĐ][0-9A-Za-zĐđ&]*)*)"
)
# "Số: 12/2023/QĐ-UBND": the year between number and code (Decree 30, legal documents)
_YEAR_PART = re.compile(r"^(?:19|20)\d\d/(?=[A-ZĐ])")
_DATE_LINE = re.compile(
    r"(?P<place>[^\n,]{0,60}),\s*ngày\s+(?P<d>[0-9.…_ ]{1,6})\s+tháng\s+(?P<m>[0-9.…_ ]{1,6})"
    r"\s+năm\s+(?P<y>[0-9.…_ ]{2,6})",
    re.I,
)
_TITLE_KINDS = {"ke hoach": DocKind.PLAN, "bao cao": DocKind.REPORT}
_OTHER_TITLES = (
    "to trinh",
    "thong bao",
    "quyet dinh",
    "chi thi",
    "cong van",
    "bien ban",
    "huong dan",
    "chuong trinh",
    "phuong an",
    "de an",
    "giay moi",
)
_PERIODS = [
    (re.compile(r"quy\s+(?:iii|3)\b|9 thang|09 thang|chin thang"), Period.Q3),
    (re.compile(r"quy\s+(?:i|1)\b|quy mot\b|3 thang dau"), Period.Q1),
    (re.compile(r"\b0?6 thang|sau thang|nua nam"), Period.H1),
]
_YEAR_REPORT = re.compile(r"\bnam\s+(?:20\d\d)\b|ca nam|tong ket")
_YEAR = re.compile(r"năm\s+(?:học\s+)?(20\d\d)(?!\s*[-–]\s*20\d\d)", re.I)
_NAME = re.compile(r"(?P<name>(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]+\s+){1,5}[A-ZÀ-ỸĐ][a-zà-ỹđ]+)\s*$")
_NAME_UPPER = re.compile(r"^(?P<name>(?:[A-ZÀ-ỸĐ]{1,7}\s+){1,5}[A-ZÀ-ỸĐ]{1,7})$")


@dataclass
class _Line:
    text: str
    page: int | None
    bold: bool
    centered: bool


def read_form(
    blocks: list[Block], signer_prefixes: list[str], type_codes: list[str]
) -> DocumentForm:
    """Read the document's frame; missing parts stay None for the checks to report."""
    lines = _lines(blocks)
    head = lines[:HEADER_BLOCKS]
    form = DocumentForm()
    body_start = _body_start(lines)
    form.number_line, form.number = _read_number(head, type_codes)
    _read_date(head, form)
    _read_title(head, form)
    form.issuer = _read_issuer(head)
    _read_signature(lines[max(body_start, len(lines) - FOOTER_BLOCKS) :], signer_prefixes, form)
    form.has_recipients = any(fold(line.text).startswith("noi nhan") for line in lines)
    return form


def _body_start(lines: list[_Line]) -> int:
    """Index after the header (title, number and date lines): the signature block is
    looked for only after it, so the issuer "ỦY BAN NHÂN DÂN …" is never taken for it."""
    start = 0
    for index, line in enumerate(lines[:HEADER_BLOCKS]):
        folded = fold(_strip_motto(line.text))
        if (
            _DATE_LINE.search(line.text)
            or _NUMBER_LINE.search(line.text)
            or folded.startswith(tuple(_TITLE_KINDS))
        ):
            start = index + 1
    return start


def _lines(blocks: list[Block]) -> list[_Line]:
    out: list[_Line] = []
    for block in blocks:
        if block.kind == "paragraph":
            out.append(_Line(block.text, block.page, block.bold, block.align == "center"))
            continue
        for row in block.rows:
            for cell in row:
                if cell.strip():
                    out.append(_Line(nfc(cell), block.page, False, False))
    return out


def _strip_motto(text: str) -> str:
    for pattern in _MOTTO:
        text = pattern.sub(" ", text)
    return nfc(text)


def _read_number(
    head: list[_Line], type_codes: list[str]
) -> tuple[str | None, DocumentNumber | None]:
    """The first "Số" line: read when it holds a number, kept as written when it is a "Số:"
    line with a blank or malformed number. "SỐ" without a colon and without a number is a
    school's name ("TRƯỜNG TIỂU HỌC SỐ 2"), not the number line: skipped."""
    for line in head:
        m = _NUMBER_LINE.search(_strip_motto(line.text))
        if not m:
            continue
        raw = m.group("raw").strip()
        parsed = _NUMBER.match(raw)
        if parsed is not None:
            return f"Số: {raw}", _number(parsed, line.page, type_codes)
        if m.group("colon"):
            return f"Số: {raw}", None
    return None, None


def _number(m: re.Match[str], page: int | None, type_codes: list[str]) -> DocumentNumber:
    number = m.group("number")
    code = re.sub(r"\s+", "", m.group("code"))
    groups = _YEAR_PART.sub("", code).split("-", 1)
    type_code: str | None = None
    issuer_code: str | None = code
    folded_types = {fold(t): t for t in type_codes}
    if len(groups) == 2 and fold(groups[0]) in folded_types:
        type_code, issuer_code = groups[0], groups[1]
    elif "/" in groups[0] and fold(groups[0].split("/")[0]) in folded_types:
        type_code = groups[0].split("/")[0]
    return DocumentNumber(
        raw=f"{number}/{code}",
        number=number,
        type_code=type_code,
        issuer_code=issuer_code,
        page=page,
    )


def _read_date(head: list[_Line], form: DocumentForm) -> None:
    for line in head:
        m = _DATE_LINE.search(_strip_motto(line.text))
        if not m:
            continue
        form.place_date_line = nfc(m.group(0))
        parts = [re.sub(r"\D", "", m.group(k)) for k in ("d", "m", "y")]
        if not all(parts):
            form.date_problem = "ngày, tháng hoặc năm còn để trống"
            return
        day, month, year = (int(p) for p in parts)
        try:
            form.issued_on = dt.date(year, month, day)
        except ValueError:
            form.date_problem = f"ngày {day:02d}/{month:02d}/{year} không có thật"
        return


def _read_title(head: list[_Line], form: DocumentForm) -> None:
    for index, line in enumerate(head):
        folded = fold(_strip_motto(line.text))
        words = folded.split()
        if not words or len(words) > 14:
            continue
        for key, kind in _TITLE_KINDS.items():
            if folded.startswith(key) and (line.text.isupper() or line.bold or line.centered):
                subtitle = _subtitle(head, index)
                form.title = nfc(f"{line.text} {subtitle}")
                form.kind = kind
                _read_period_and_year(form.title, form)
                return
        if any(folded.startswith(t) for t in _OTHER_TITLES) and line.text.isupper():
            form.title = line.text
            form.kind = DocKind.UNKNOWN
            return


def _subtitle(head: list[_Line], index: int) -> str:
    """The lines under the title ("Thực hiện công tác CCHC quý" / "III năm 2023"): bold or
    centred lines up to the first body line."""
    parts: list[str] = []
    for line in head[index + 1 : index + 1 + _SUBTITLE_LINES]:
        folded = fold(line.text)
        if folded.startswith(_SUBTITLE_STOPS) or len(folded) > 200:
            break
        if not (line.bold or line.centered) and parts:
            break
        parts.append(line.text)
    return " ".join(parts)


_SUBTITLE_LINES = 3
_SUBTITLE_STOPS = (
    "can cu",
    "kinh gui",
    "thuc hien cong van",
    "thuc hien ke hoach so",
    "thoi diem",
    "thoi gian chot",
    "so lieu",
)


def _read_period_and_year(title: str, form: DocumentForm) -> None:
    folded = fold(title)
    if form.kind == DocKind.REPORT:
        for pattern, period in _PERIODS:
            if pattern.search(folded):
                form.period = period
                break
        else:
            if _YEAR_REPORT.search(folded):
                form.period = Period.YEAR
    years = _YEAR.findall(title)
    if years:
        form.year = int(years[-1])


def _read_issuer(head: list[_Line]) -> str | None:
    """The issuing school: the upper-case line naming a school, with the lines its name
    wraps onto, else the last issuer line."""
    candidates: list[tuple[int, str]] = []  # (line index, upper-case text)
    for index, line in enumerate(head):
        text = _strip_motto(line.text)
        number_at = re.search(r"(?:^|\s)(?:Số|SỐ)\s*:", text)
        if number_at:
            text = text[: number_at.start()]
        text = nfc(text)
        if text and text.isupper() and len(text) < 120:
            candidates.append((index, text))
        if number_at or _DATE_LINE.search(line.text):
            break
    for k, (index, text) in enumerate(candidates):
        school = re.search(r"TRƯỜNG\s.+", text)
        if school:
            return _title_case(" ".join([school.group(0), *_name_wrap(candidates[k + 1 :], index)]))
    return candidates[-1][1] if candidates else None


def _name_wrap(following: list[tuple[int, str]], index: int) -> list[str]:
    """The lines a school's name at line ``index`` wraps onto ("TRƯỜNG MẦM NON HƯỚNG" /
    "DƯƠNG"): the upper-case lines right below it, a few words each, that are no title."""
    wrap: list[str] = []
    for below, text in following:
        folded = fold(text)
        if below != index + 1 + len(wrap) or len(text.split()) > NAME_WRAP_WORDS:
            break
        if folded.startswith((*_TITLE_KINDS, *_OTHER_TITLES, "truong ")):
            break
        wrap.append(text)
    return wrap


_KEEP_UPPER = {"THCS", "THPT", "TH", "MN", "MG", "UBND", "GDĐT", "GD&ĐT", "CL", "TP", "TP.HCM"}


def _title_case(text: str) -> str:
    """ "TRƯỜNG THCS NGUYỄN VĂN A" → "Trường THCS Nguyễn Văn A" (a school name is a proper
    name, every word capitalised); other issuers keep their printed capitals."""
    words = []
    for word in text.split():
        if word in _KEEP_UPPER or re.fullmatch(r"[IVX]+|\d+[A-Z]?", word):
            words.append(word)
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def _read_signature(tail: list[_Line], prefixes: list[str], form: DocumentForm) -> None:
    """Find the signer's title lines (upper case, after the body) and the name below."""
    title_lines: list[str] = []
    last_index = -1
    for index, line in enumerate(tail):
        title = _signer_title_in(line.text, prefixes)
        if title is None:
            if title_lines and index > last_index + 1:
                break
            continue
        title_lines.append(title)
        last_index = index
        form.signature_page = line.page
    if not title_lines:
        return
    form.signer_title = " / ".join(title_lines)
    form.signer_name = _signer_name(tail[last_index + 1 :])


_UPPER_TITLE = re.compile(
    r"(?P<title>(?:(?:KT|TM|Q|TL|TUQ)\s*\.\s*)?(?:PHÓ\s+)?(?:HIỆU\s+TRƯỞNG|TRƯỞNG\s+PHÒNG|"
    r"CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|THỦ\s+TRƯỞNG|CHÁNH\s+VĂN\s+PHÒNG|"
    r"ỦY\s+BAN\s+NHÂN\s+DÂN|BAN\s+GIÁM\s+HIỆU|HỘI\s+ĐỒNG\s+TRƯỜNG))(?![A-ZÀ-ỸĐ])"
)


def _signer_title_in(text: str, prefixes: list[str]) -> str | None:
    """An upper-case title such as "KT. HIỆU TRƯỞNG", possibly beside the recipients list."""
    m = _UPPER_TITLE.search(text)
    if not m:
        return None
    title = re.sub(r"\s*\.\s*", ". ", m.group("title")).strip()
    title = re.sub(r"\s+", " ", title)
    for prefix in prefixes:
        bare = prefix.rstrip(".")
        if title.startswith(bare + ". "):
            return title
    return title


def _signer_name(after: list[_Line]) -> str | None:
    """The full name: the last line after the title that reads as a person's name."""
    name: str | None = None
    for line in after:
        text = nfc(re.sub(r"\((?:đã\s+ký|ký\s+tên|đóng\s+dấu)[^)]*\)", "", line.text, flags=re.I))
        if not text or (fold(text).startswith(("noi nhan", "- ", "luu")) and len(text) < 12):
            continue
        m = _NAME.search(text) or _NAME_UPPER.match(text)
        if m and not any(ch.isdigit() for ch in m.group("name")):
            name = m.group("name").strip()
    return name
