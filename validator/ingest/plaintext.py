"""Read plain text and Markdown (conversions of plans and reports) into paragraphs.

One paragraph per non-blank line. Markdown headings become "Heading N" styles, emphasis
markers are removed (a line entirely in ``**…**`` is bold, even when the span covers two
lines, as in the converted header blocks), "- "/"+ " bullets stay in the text where the
outline parser reads them, and pipe tables become ``Table`` blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from validator.errors import UnreadableFile
from validator.ingest.sniff import decode_text, not_unicode
from validator.models import Block, IngestedDocument, Paragraph, Table
from validator.settings import Settings
from validator.text import nfc

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
# a Markdown list marker in front of a Vietnamese bullet ("- + Đối với …") or a "* " bullet
_NESTED_BULLET = re.compile(r"^[-*+]\s+(?=[-+•]\s)")
_STAR_BULLET = re.compile(r"^\*\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_TOKEN = re.compile(r"\\(.)|(\*{1,3}|_{1,3})|([^\\*_]+|[\\*_])")


@dataclass
class Emphasis:
    """Bold/italic state carried from line to line until a blank line."""

    bold: bool = False
    italic: bool = False


@dataclass
class _Styled:
    text: str
    bold: bool
    italic: bool


def _is_delimiter(run: str, before: str, after: str) -> bool:
    """CommonMark-like flanking: "5 * 3" and snake_case are text, not emphasis."""
    if (not before or before.isspace()) and (not after or after.isspace()):
        return False
    return not (run[0] == "_" and before.isalnum() and after.isalnum())


def strip_emphasis(line: str, state: Emphasis) -> _Styled:
    """``line`` without emphasis markers; bold/italic when every visible character is."""
    out: list[str] = []
    all_bold = all_italic = True
    for match in _TOKEN.finditer(line):
        escaped, run, text = match.groups()
        start, end = match.span()
        if run and _is_delimiter(run, line[start - 1 : start], line[end : end + 1]):
            state.bold ^= len(run) >= 2
            state.italic ^= len(run) != 2
            continue
        piece = escaped or run or text
        out.append(piece)
        if piece.strip():
            all_bold &= state.bold
            all_italic &= state.italic
    content = "".join(out)
    visible = bool(content.strip())
    return _Styled(content, visible and all_bold, visible and all_italic)


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = re.split(r"(?<!\\)\|", inner)
    return [nfc(strip_emphasis(cell.replace("\\|", "|"), Emphasis()).text) for cell in cells]


def _table(lines: list[str]) -> Table:
    return Table(rows=[_cells(line) for line in lines if not _TABLE_RULE.match(line)])


def _paragraph(line: str, state: Emphasis) -> Paragraph | None:
    heading = _HEADING.match(line)
    body = heading.group(2) if heading else line.strip()
    styled = strip_emphasis(body, state)
    text = nfc(_STAR_BULLET.sub("- ", _NESTED_BULLET.sub("", nfc(styled.text))))
    if not text:
        return None
    return Paragraph(
        text=text,
        bold=styled.bold,
        italic=styled.italic,
        style=f"Heading {len(heading.group(1))}" if heading else None,
    )


def _blocks(text: str) -> Iterator[Block]:
    lines = text.splitlines()
    state = Emphasis()
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|"):
            start = i
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                i += 1
            yield _table([line.strip() for line in lines[start:i]])
            continue
        if not lines[i].strip():
            state = Emphasis()
        elif paragraph := _paragraph(lines[i], state):
            yield paragraph
        i += 1


def read_text(path: Path, settings: Settings, display_name: str) -> IngestedDocument:
    """Paragraphs and tables of a UTF-8 / UTF-16 text or Markdown file."""
    text = decode_text(path.read_bytes())
    if text is None:  # valid at the head, broken further on
        raise not_unicode()
    if len(text) > settings.max_text_chars:
        raise UnreadableFile(
            f"Tệp văn bản quá dài ({len(text)} ký tự, giới hạn {settings.max_text_chars}).",
            f"The text file is too long ({len(text)} characters).",
        )
    return IngestedDocument(file=display_name, media_type="text", blocks=list(_blocks(text)))
