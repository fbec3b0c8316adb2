"""Whether a digital signature's signer is the school or its principal.

A certificate names its holder in its common name and organisation, written as the
certificate authority chose: "TRƯỜNG THCS NGUYỄN VĂN A", "Trường Trung học cơ sở Nguyễn
Văn A", or a person ("Nguyễn Thị Bích") with the school as organisation. A school's name is
compared as folded words with the rule set's abbreviations expanded, so the spellings
meet; a person's name is compared whole, with a little tolerance for an OCR-read name.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from validator.text import fold

PERSON_MIN_SIMILARITY = 90  # folded names; one wrong letter in a read name still matches
_WORD = re.compile(r"[a-z0-9]+")


def name_words(name: str, abbreviations: dict[str, str], ignored: list[str]) -> list[str]:
    """Folded words of an organisation's name, abbreviations expanded, filler dropped
    ("TRƯỜNG MN-TH SAO MAI" → ["mam", "non", "tieu", "hoc", "sao", "mai"])."""
    expand = {fold(short): fold(long).split() for short, long in abbreviations.items()}
    drop = {fold(word) for word in ignored}
    words: list[str] = []
    for word in _WORD.findall(fold(name)):
        words.extend(w for w in expand.get(word, [word]) if w not in drop)
    return words


def is_school_name(text: str) -> bool:
    """ "TRƯỜNG THCS NGUYỄN VĂN A" names a school; "ỦY BAN NHÂN DÂN QUẬN 7" does not."""
    return fold(text).startswith("truong ")


def names_school(
    holder: str, school: str, abbreviations: dict[str, str], ignored: list[str]
) -> bool:
    """True when the certificate field ``holder`` contains the school's whole name."""
    wanted = name_words(school, abbreviations, ignored)
    have = name_words(holder, abbreviations, ignored)
    if not wanted:
        return False
    span = len(wanted)
    return any(have[i : i + span] == wanted for i in range(len(have) - span + 1))


def same_person(a: str, b: str) -> bool:
    """A certificate's common name against a name read from a page."""
    return fuzz.ratio(fold(a), fold(b)) >= PERSON_MIN_SIMILARITY
