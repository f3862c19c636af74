"""Numbers typed in any script the service's users write: Khmer ០-៩, Lao ໐-໙, Myanmar ၀-၉
(and Shan ႐-႙), Thai ๐-๙, as well as 0-9 and full-width ０-９."""

from __future__ import annotations

import unicodedata


def normalize_digits(text: str) -> str:
    """Replace every decimal digit of any script with its ASCII digit."""
    out = []
    for char in text:
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return "".join(out)


def parse_choice(text: str) -> int | None:
    """The menu number in a reply such as `2`, `២`, ` 2. `, or None when it is not one."""
    cleaned = normalize_digits(text).strip().rstrip(".)").strip()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 3:
        return int(cleaned)
    return None
