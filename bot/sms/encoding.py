"""How an SMS travels: GSM 03.38 (GSM-7) or UCS-2, its length in that encoding and its
segments (FACTS.md §3). Khmer, Lao, Burmese, Thai and Vietnamese with diacritics are all
UCS-2: 70 UTF-16 units in one SMS, 67 per part of a longer one."""

from __future__ import annotations

import math
from dataclasses import dataclass

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"
_GSM_BASIC_SET = frozenset(GSM_BASIC)
_GSM_EXTENSION_SET = frozenset(GSM_EXTENSION)



@dataclass(frozen=True)
class SmsInfo:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def is_gsm7(text: str) -> bool:
    return all(char in _GSM_BASIC_SET or char in _GSM_EXTENSION_SET for char in text)


def sms_info(text: str) -> SmsInfo:
    """How a text travels: its encoding, length in that encoding, and number of segments."""
    if is_gsm7(text):
        units = sum(2 if char in _GSM_EXTENSION_SET else 1 for char in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    segments = 1 if units <= single else math.ceil(units / part)
    return SmsInfo(encoding=encoding, units=units, segments=max(segments, 1))


