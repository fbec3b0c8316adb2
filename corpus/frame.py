"""The Decree 30 frame of a school's plan or report: header band, title, recipients, signer.

The frame is data first (:class:`Frame`) so that form defects (no number line, an impossible
date, no signer title, a wrong title) are a change of one field before anything is drawn.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from corpus.compose import Composer, date_words, doc_number
from corpus.render import HEADER_SIZE, TwoColumnHeader, decree30_header
from corpus.vocab import DISTRICT_ISSUER, MOTTO, PLACE, School, person_name
from validator.models import Paragraph

SIGNERS = (("HIỆU TRƯỞNG",), ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"))


@dataclass
class Frame:
    """Everything around the body; ``None`` in a line means the clerk left it out."""

    school: School
    type_code: str  # "KH" | "BC" | "TTr" | "TB": the type abbreviation of the number
    number: int
    issued_on: dt.date
    title: str  # "KẾ HOẠCH"
    subtitle: str
    signer_titles: tuple[str, ...]
    signer_name: str
    recipients: list[str]
    signed_note: bool = True  # "(đã ký)" where the handwritten signature would be
    number_line: str | None = None  # set by :meth:`draw`, then perhaps spoiled by a defect
    place_date: str | None = None

    @classmethod
    def draw(
        cls,
        rng: random.Random,
        school: School,
        type_code: str,
        issued_on: dt.date,
        title: str,
        subtitle: str,
    ) -> Frame:
        frame = cls(
            school=school,
            type_code=type_code,
            number=_number_by_date(rng, issued_on),
            issued_on=issued_on,
            title=title,
            subtitle=subtitle,
            signer_titles=rng.choice(SIGNERS),
            signer_name=person_name(rng),
            recipients=_recipients(rng, type_code),
            signed_note=rng.random() < 0.7,
        )
        frame.number_line = f"Số: {frame.number_text}"
        frame.place_date = f"{PLACE}, {date_words(issued_on)}"
        return frame

    @property
    def number_text(self) -> str:
        return f"{doc_number(self.number)}/{self.type_code}-{self.school.code}"

    def header(self) -> TwoColumnHeader:
        """The header band; lines a defect removed are simply not drawn."""
        if self.number_line and self.place_date:
            return decree30_header(
                DISTRICT_ISSUER, self.school.issuer_line, self.number_line, self.place_date
            )
        left = [_line(DISTRICT_ISSUER), _line(self.school.issuer_line, bold=True)]
        if self.number_line:
            left.append(_line(self.number_line))
        right = [_line(MOTTO[0], bold=True), _line(MOTTO[1], bold=True)]
        if self.place_date:
            right.append(_line(self.place_date, italic=True))
        return TwoColumnHeader(left=left, right=right)

    def write_title(self, out: Composer) -> None:
        out.para(self.title, bold=True, size=14, align="center")
        out.para(self.subtitle, bold=True, align="center")

    def write_closing(self, out: Composer) -> None:
        """The recipients ("Nơi nhận:") then the signature block, as they read top to bottom."""
        out.para("Nơi nhận:", bold=True, italic=True, size=12, align="left")
        for line in self.recipients:
            out.para(line, size=11, align="left")
        for title in self.signer_titles:
            out.para(title, bold=True, align="right")
        if self.signer_titles and self.signed_note:
            out.para("(đã ký)", italic=True, align="right")
        if self.signer_name:
            out.para(self.signer_name, bold=True, align="right")


def _number_by_date(rng: random.Random, issued_on: dt.date) -> int:
    """Numbers restart each year (Decree 30), so January documents carry small ones."""
    base = (issued_on.timetuple().tm_yday - 1) // 2
    return rng.randint(max(1, base // 2), base + 9)


def _line(text: str, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph(text=text, bold=bold, italic=italic, size=HEADER_SIZE, align="center")


def _recipients(rng: random.Random, type_code: str) -> list[str]:
    office = rng.choice(["- Phòng GD&ĐT Quận 7;", "- Phòng Giáo dục và Đào tạo Quận 7;"])
    inside = ["- Ban Giám hiệu;", "- Các tổ chuyên môn, Tổ Văn phòng;", "- Công đoàn cơ sở;"]
    if type_code == "TTr":
        return ["- Như trên;", "- Lưu: VT."]
    extra = ["- Website trường;"] if rng.random() < 0.4 else []
    return [office, *rng.sample(inside, rng.randint(1, 3)), *extra, "- Lưu: VT."]
