"""Comparable forms of what people type, whatever its case, accents, spacing or punctuation.

- `normalize_words`: keywords and language names (accents kept: NFC, case-folded);
- `fold`: place names, questions, greetings, pay and danger words (Latin accents dropped);
- `compact`: `fold` without spaces, for scripts written without spaces between words.
"""

from __future__ import annotations

import re
import unicodedata

# Latin, Khmer (។ ៕), Myanmar (၊ ။), Thai/Lao need no extra: they use spaces and Latin marks.
_PUNCTUATION_RE = re.compile(r"[\s.!?,;:。！？၊။។៕\"'“”‘’«»()]+")


def normalize_words(text: str) -> str:
    """NFC, case-folded, punctuation and runs of spaces reduced to single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _PUNCTUATION_RE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case, no Latin accents, punctuation and symbols as single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    # Drop Latin accents (Vietnamese "Băng Cốc" ~ "bang coc") but keep the combining
    # vowel signs Thai, Lao, Khmer and Burmese are written with.
    text = "".join(c for c in text if not (unicodedata.combining(c) and ord(c) < 0x0370))
    text = unicodedata.normalize("NFC", text)
    # Punctuation and symbols become spaces; letters and their marks (Thai, Lao, Khmer and
    # Burmese vowel signs are marks, which \w does not match) stay.
    text = "".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in text)
    return re.sub(r"\s+", " ", text).strip()


def compact(text: str) -> str:
    """`fold` with no spaces at all: Thai, Lao, Khmer and Burmese put none between words."""
    return fold(text).replace(" ", "")
