"""Numbers, dates and day names for a reader, always with 0-9 digits (phone numbers and
amounts must look the same as on a receipt or a poster)."""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date, get_day_names
from babel.numbers import format_decimal

from bot.text.digits import normalize_digits

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def babel_locale(locale: str) -> Locale:
    # Romanized Khmer reads Latin letters: English forms are the closest readable ones.
    return Locale.parse("en" if locale == "km-Latn" else locale.replace("-", "_"))


def amount(value: float, locale: str) -> str:
    return normalize_digits(format_decimal(value, locale=babel_locale(locale)))


def day(value: date, locale: str) -> str:
    return normalize_digits(format_date(value, format="long", locale=babel_locale(locale)))


def weekday(name: str, locale: str) -> str:
    return get_day_names("wide", locale=babel_locale(locale))[WEEKDAYS.index(name)]
