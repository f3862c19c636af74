"""One comparable form for words people type, whatever their case, spacing or punctuation."""

from __future__ import annotations

import re
import unicodedata

# Latin, Khmer (។ ៕), Myanmar (၊ ။), Thai/Lao need no extra: they use spaces and Latin marks.
_PUNCTUATION_RE = re.compile(r"[\s.!?,;:。！？၊။។៕\"'“”‘’«»()]+")


def normalize_words(text: str) -> str:
    """NFC, case-folded, punctuation and runs of spaces reduced to single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _PUNCTUATION_RE.sub(" ", text).strip()
