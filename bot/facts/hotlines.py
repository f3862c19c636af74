"""Hotline numbers by the country a person is in now (`flows/facts/hotlines.yaml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

# Calling codes of the countries the service knows, for a first guess from a phone number.
CALLING_CODES = {"+66": "TH", "+855": "KH", "+856": "LA", "+84": "VN", "+95": "MM"}


@dataclass(frozen=True)
class Hotline:
    number: str
    what: str  # English source text, translated when shown
    free: bool | None
    hours: str | None
    languages: tuple[str, ...]


@dataclass(frozen=True)
class CountryLines:
    code: str
    emergency: str | None
    lines: tuple[Hotline, ...]


class Hotlines:
    def __init__(self, countries: dict[str, CountryLines]):
        self.countries = countries

    @classmethod
    def load(cls, path: str | Path) -> Hotlines:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        countries = {}
        for code, spec in (data.get("countries") or {}).items():
            lines = tuple(
                Hotline(number=str(line["number"]), what=str(line["what"]),
                        free=line.get("free"), hours=line.get("hours"),
                        languages=tuple(line.get("languages") or ()))
                for line in spec.get("lines") or [])
            emergency = spec.get("emergency")
            countries[code] = CountryLines(code=code, lines=lines,
                                           emergency=str(emergency) if emergency else None)
        return cls(countries)

    def for_country(self, code: str | None) -> CountryLines | None:
        return self.countries.get(code or "")


def country_from_phone(address: str) -> str | None:
    """TH, KH, LA, VN or MM from a phone number's calling code; None otherwise."""
    number = address.removeprefix("sim:")
    for prefix in sorted(CALLING_CODES, key=len, reverse=True):
        if number.startswith(prefix):
            return CALLING_CODES[prefix]
    return None
