"""Burmese typed in the Zawgyi font encoding, converted to Unicode (FACTS.md §4): Google's
detector tells them apart, ICU's `Zawgyi-my` transliterator converts."""

from __future__ import annotations

import functools

import icu
from myanmartools import ZawgyiDetector

# Above this probability a text is converted: wrongly converting Unicode is the worse error.
THRESHOLD = 0.95


@functools.cache
def _detector() -> ZawgyiDetector:
    return ZawgyiDetector()


@functools.cache
def _transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Zawgyi-my")


def is_zawgyi(text: str) -> bool:
    return _detector().get_zawgyi_probability(text) > THRESHOLD


def to_unicode(text: str) -> str:
    """`text` with Zawgyi Burmese converted to Unicode; anything else unchanged."""
    if not any("\u1000" <= char <= "\u109f" for char in text) or not is_zawgyi(text):
        return text
    return _transliterator().transliterate(text)
