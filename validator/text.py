"""Vietnamese text helpers: NFC on every input, folding only where a rule asks for it."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})


def nfc(text: str) -> str:
    """NFC-normalise and tidy whitespace; diacritics are kept exactly."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key ("Cải cách" → "cai cach"); never shown to users."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").translate(_DASHES)
    return re.sub(r"\s+", " ", text).strip()


def contains_all(haystack_folded: str, keywords: list[str]) -> bool:
    """True when every folded keyword occurs in the already folded haystack."""
    return all(fold(k) in haystack_folded for k in keywords)


def shorten(text: str, limit: int = 160) -> str:
    """A quote short enough for a finding, cut on a word boundary."""
    text = nfc(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
