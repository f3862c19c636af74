"""Splitting a long text into SMS pages within a budget of segments.

A page never breaks inside a syllable: it breaks at a line, then a space or sentence mark,
and only as a last resort between two characters that are not joined (never after a Khmer
coeng or Myanmar virama, never before a combining sign).
"""

from __future__ import annotations

import unicodedata

from bot.sms.encoding import sms_info

# Signs after which text must not be cut: they join the next consonant into a stack.
_JOINERS = {"\u17d2", "\u1039", "\u1a60", "\u200d"}
_BREAK_AFTER = {"\n": 3, " ": 2, "។": 2, "៕": 2, "။": 2, "၊": 2, "ฯ": 2}


def split_pages(text: str, max_segments: int) -> list[str]:
    """Cut `text` into pages of at most `max_segments` segments each."""
    text = unicodedata.normalize("NFC", text).strip()
    pages: list[str] = []
    while text:
        if sms_info(text).segments <= max_segments:
            pages.append(text)
            break
        cut = _best_cut(text, max_segments)
        pages.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return pages or [""]


def _best_cut(text: str, max_segments: int) -> int:
    """The furthest good break point such that the text before it fits the budget."""
    fits = _longest_fitting_prefix(text, max_segments)
    best_rank, best_at = 0, 0
    for index in range(fits, 0, -1):
        rank = _break_rank(text, index)
        # Prefer a line break, then a space, anywhere in the last two thirds of the page.
        if rank > best_rank:
            best_rank, best_at = rank, index
            if rank == 3:
                break
        if index < fits // 3 and best_rank:
            break
    return best_at or fits


def _longest_fitting_prefix(text: str, max_segments: int) -> int:
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if sms_info(text[:middle]).segments <= max_segments:
            low = middle
        else:
            high = middle - 1
    # Never leave half of a surrogate pair or a stack behind.
    while low > 1 and not _can_break(text, low):
        low -= 1
    return low


def _break_rank(text: str, index: int) -> int:
    """3 after a line break, 2 after a space or sentence mark, 1 between free characters."""
    rank = _BREAK_AFTER.get(text[index - 1], 0)
    if rank:
        return rank
    return 1 if _can_break(text, index) else 0


def _can_break(text: str, index: int) -> bool:
    if index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if before in _JOINERS:
        return False
    category = unicodedata.category(after)
    # Combining marks (Mn, Mc, Me) belong to the letter before them.
    return not category.startswith("M") and after not in _JOINERS
