"""Vietnamese spelling of a name read under a signature, where a pen stroke crossing the
name often changes a diacritic ("Trà" read "Trấ").

A word is repaired only when its spelling is impossible in Vietnamese, so a rare but real
name is never changed; it is then replaced by the one name word (``data/name_words.txt``)
with the same letters, if exactly one has them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from validator.text import fold

NAME_WORDS_FILE = Path(__file__).parent / "data" / "name_words.txt"
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c, ch, p, t takes sắc or nặng
_STOP_FINAL = re.compile(r"(?:c|ch|p|t)$")
# â and ă never end a syllable: â is followed by u, y or a consonant, ă by a consonant
_OPEN_A = re.compile(r"â(?![uymnptc])|ă(?![mnptc])")


def _tone_and_letters(word: str) -> tuple[str | None, str]:
    """The tone mark of ``word`` (None for thanh ngang) and its letters without it."""
    tone = None
    letters = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONE_MARKS:
            tone = ch
        else:
            letters.append(ch)
    return tone, unicodedata.normalize("NFC", "".join(letters))


def possible_syllable(word: str) -> bool:
    """False for spellings Vietnamese does not have: an open â/ă ("trấ"), or a stop
    final with a tone other than sắc or nặng ("thàt")."""
    tone, letters = _tone_and_letters(word)
    if _OPEN_A.search(letters):
        return False
    return not (_STOP_FINAL.search(letters) and tone not in STOP_TONES)


@lru_cache(maxsize=1)
def _name_words() -> dict[str, list[str]]:
    """Name words by their folded letters."""
    by_letters: dict[str, list[str]] = {}
    for line in NAME_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = unicodedata.normalize("NFC", line.strip())
        if word and not word.startswith("#"):
            by_letters.setdefault(fold(word), []).append(word)
    return by_letters


def repair_name_word(word: str) -> str:
    """``word`` as the one name word with its letters when its spelling is impossible;
    otherwise unchanged."""
    if possible_syllable(word):
        return word
    same = _name_words().get(fold(word), [])
    if len(same) != 1:
        return word
    return same[0].upper() if word.isupper() else same[0]
