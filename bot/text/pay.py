"""An amount of pay and its period from what a person typed: "350 a day", "9,000 ต่อเดือน",
"လုပ်ခ တစ်ရက် ၃၅၀", "2 ລ້ານ ກີບ ຕໍ່ເດືອນ", "9 trieu mot thang".

Period words (words/pay_words.yaml) match whole words, as ICU's word breaks find them in
scripts without spaces, never letters inside another word: the Burmese month word `လ` is
not the first letter of `လုပ်ခ` (wage). The longest match wins, so `တစ်ရက်` ("one day")
outweighs any shorter word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from bot.text.digits import normalize_digits
from bot.text.normalize import fold
from bot.text.words import find_phrase, words

PERIODS = ("day", "month")
# No one is paid more than this in any currency here (a billion dong is ~40,000 USD a
# month): a longer number is a typing slip, read as no amount at all.
MAX_AMOUNT = 10**10
# 9,000 / 9.000 / 9 000 (thousands), 1,5 or 1.5 (a fraction before "million").
_AMOUNT_RE = re.compile(r"\d{1,3}(?:[.,\u00a0 ]\d{3})+(?![\d])|\d+(?:[.,]\d{1,2}(?![\d]))?|\d+")


@dataclass(frozen=True)
class PayWords:
    periods: dict[str, tuple[tuple[str, ...], ...]]  # "day" → word sequences
    multipliers: dict[tuple[str, ...], int]  # ("trieu",) → 1,000,000

    @classmethod
    def load(cls, path: str | Path) -> PayWords:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        periods = {period: phrases(data.get(period)) for period in PERIODS}
        multipliers = {_tokens(str(word)): int(factor)
                       for factor, names in (data.get("multipliers") or {}).items()
                       for word in names}
        for period, entries in periods.items():
            if not entries or not all(entries):
                raise ValueError(f"{path}: '{period}' needs words")
        return cls(periods, multipliers)


def phrases(by_language: dict | None) -> tuple[tuple[str, ...], ...]:
    """`{en: [night club, bar], th: [...]}` → each entry as its words, for find_phrase."""
    return tuple(_tokens(str(word)) for entries in (by_language or {}).values()
                 for word in entries or ())


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(words(fold(normalize_digits(text))))


def contains_phrase(text: str, entries: tuple[tuple[str, ...], ...]) -> bool:
    """True when `text` holds any entry (as made by `phrases`) as whole words."""
    tokens = list(_tokens(text))
    return any(find_phrase(tokens, list(entry)) for entry in entries)


def pay_period(text: str, pay_words: PayWords) -> str | None:
    """"day" or "month" when a period word is written, else None; the longest match wins."""
    tokens = list(_tokens(text))
    best, best_length = None, 0
    for period, phrases in pay_words.periods.items():
        for phrase in phrases:
            length = sum(len(word) for word in phrase)
            if length > best_length and find_phrase(tokens, list(phrase)):
                best, best_length = period, length
    return best


def pay_amount(text: str, pay_words: PayWords) -> int | None:
    """The first amount written, times a word such as "million" or "พัน" after it."""
    plain = normalize_digits(text)
    match = _AMOUNT_RE.search(plain)
    if match is None or len(match.group()) > 20:
        return None
    raw = match.group()
    if re.fullmatch(r"\d{1,3}(?:[.,\u00a0 ]\d{3})+", raw):
        value = Decimal(re.sub(r"[.,\u00a0 ]", "", raw))
    else:
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            return None
    after = list(_tokens(plain[match.end():]))[:2]
    for phrase, factor in pay_words.multipliers.items():
        if after[:len(phrase)] == list(phrase):
            value *= factor
            break
    return int(value) if 1 <= value <= MAX_AMOUNT else None


def parse_pay(text: str, pay_words: PayWords, default_per: str) -> tuple[int, str] | None:
    """(amount, "day" | "month"), or None when no amount is written."""
    amount = pay_amount(text, pay_words)
    if not amount:
        return None
    period = pay_period(text, pay_words)
    if period:
        return amount, period
    # No period written: a Thai daily wage is hundreds of baht, a monthly one thousands.
    if default_per == "day":
        return amount, "day" if amount < 2000 else "month"
    return amount, default_per
