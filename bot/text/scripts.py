"""Which language a message is written in, from its letters alone.

Khmer, Lao, Myanmar and Thai each have a script of their own. Vietnamese is Latin with
letters no other language of the region uses (ă â đ ê ô ơ ư and the dot-below tones).
"""

from __future__ import annotations

import unicodedata

_SCRIPT_RANGES: tuple[tuple[str, int, int], ...] = (
    ("km", 0x1780, 0x17FF),
    ("km", 0x19E0, 0x19FF),
    ("lo", 0x0E80, 0x0EFF),
    ("th", 0x0E00, 0x0E7F),
    ("my", 0x1000, 0x109F),
    ("my", 0xAA60, 0xAA7F),
    ("my", 0xA9E0, 0xA9FF),
)

# Letters (after NFD, the base letters and marks) that mark Vietnamese among Latin scripts.
_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def detect_language(text: str) -> str | None:
    """The language code for the dominant script of `text`, or None when it cannot be told."""
    counts: dict[str, int] = {}
    for char in text:
        language = _script_language(char)
        if language is not None:
            counts[language] = counts.get(language, 0) + 1
    if counts:
        return max(counts, key=counts.get)
    if _looks_vietnamese(text):
        return "vi"
    return None


def _script_language(char: str) -> str | None:
    """The language whose own script `char` is in (km, lo, th, my), else None."""
    code = ord(char)
    for language, low, high in _SCRIPT_RANGES:
        if low <= code <= high:
            return language
    return None


def _looks_vietnamese(text: str) -> bool:
    composed = unicodedata.normalize("NFC", text)
    if any(char in _VIETNAMESE_LETTERS for char in composed):
        return True
    decomposed = unicodedata.normalize("NFD", composed)
    # Dot below and hook above appear in no other language of the service.
    return any(mark in decomposed for mark in ("\u0323", "\u0309"))


# The script each language is written in, where it is not Latin.
_SCRIPT_OF = {"km": "khmer", "lo": "lao", "th": "thai", "my": "myanmar"}
# Fewer letters than this say nothing about the script ("ok", a digit, an emoji).
_MIN_LETTERS = 2


def script_of(language: str | None) -> str:
    """The script a language code is written in: "khmer", "lao", "thai", "myanmar", "latin"."""
    return _SCRIPT_OF.get(language or "", "latin")


def letters_language(text: str) -> str | None:
    """The language of the script most letters of `text` are in ("vi" for Latin with
    Vietnamese letters; None for other Latin, or too few letters). Digits say nothing
    (Khmer digits are typed by everyone with a Khmer keyboard), and a word of Thai in a
    Vietnamese sentence does not make it Thai."""
    letters = [char for char in text if unicodedata.category(char)[0] in "LM"]
    if len(letters) < _MIN_LETTERS:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        key = _script_language(char) or "latin"
        counts[key] = counts.get(key, 0) + 1
    dominant = max(counts, key=counts.get)
    if dominant == "latin":
        return "vi" if _looks_vietnamese(text) else None
    return dominant
