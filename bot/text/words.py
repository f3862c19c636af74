"""Words of a text in any script: ICU's dictionary-based word break iterator segments Thai,
Lao, Khmer and Burmese, which are written without spaces between words."""

from __future__ import annotations

import threading

import icu

_local = threading.local()


def words(text: str) -> list[str]:
    """The words of `text` (punctuation and spaces dropped)."""
    iterator = getattr(_local, "iterator", None)
    if iterator is None:  # one per thread: ICU iterators are not thread-safe
        iterator = _local.iterator = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    iterator.setText(text)
    found, start = [], 0
    for end in iterator:
        word = text[start:end].strip()
        start = end
        if any(char.isalnum() for char in word):
            found.append(word)
    return found


def find_phrase(tokens: list[str], phrase: list[str]) -> bool:
    """True when `phrase` (a list of words) occurs in `tokens` as consecutive words."""
    size = len(phrase)
    return size > 0 and any(tokens[i:i + size] == phrase for i in range(len(tokens) - size + 1))
