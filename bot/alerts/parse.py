"""Reading a reporter's message `CODE VENUE [COUNT] [NOTE]`, typed in a hurry: any case,
extra spaces, commas or dashes, digits of any script, Zawgyi-encoded Burmese notes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.text.digits import normalize_digits
from bot.text.zawgyi import to_unicode

_SEPARATORS = re.compile(r"[\s,;:./\-–—_]+")


@dataclass(frozen=True)
class CodedMessage:
    code: str
    venue: str
    count: int | None
    note: str | None


@dataclass(frozen=True)
class Attempt:
    """Looked like a coded message but the code or venue is unknown: ask again."""


def parse_coded(text: str, codes: set[str], venues: set[str]) -> CodedMessage | Attempt | None:
    """The coded message in `text`, an Attempt, or None when it is ordinary chat."""
    text = unicodedata.normalize("NFC", text).strip()
    tokens = [t for t in _SEPARATORS.split(normalize_digits(text)) if t]
    if not tokens:
        return None
    code = tokens[0].upper()
    if code not in codes:
        # A short Latin token followed by something venue-like reads as a mistyped code.
        if len(tokens) >= 2 and _looks_like_code(tokens[0]) and tokens[1].upper() in venues:
            return Attempt()
        return None
    if len(tokens) < 2 or tokens[1].upper() not in venues:
        return Attempt()
    count, rest = None, tokens[2:]
    if rest and rest[0].isdecimal() and len(rest[0]) <= 4:  # not ² or ③: int() refuses them
        count, rest = int(rest[0]), rest[1:]
    note = _note_after(text, len(tokens) - len(rest)) if rest else None
    return CodedMessage(code=code, venue=tokens[1].upper(), count=count, note=note)


def _looks_like_code(token: str) -> bool:
    return token.isascii() and token.isalnum() and len(token) <= 3


def _note_after(text: str, skip: int) -> str:
    """The original text after the first `skip` tokens (keeps the note as written)."""
    pieces = re.split(r"([\s,;:./\-–—_]+)", text)
    words = 0
    for index, piece in enumerate(pieces):
        if piece and not _SEPARATORS.fullmatch(piece):
            if words == skip:
                return to_unicode("".join(pieces[index:]).strip())[:500]
            words += 1
    return ""
