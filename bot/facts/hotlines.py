"""Hotline numbers by the country a person is in now (`facts/hotlines.yaml`).

Every number the service gives comes from that file, each with its source and dates; the
code holds no fallback number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bot.facts.dated import Dated, FactsFileError, dated

# Calling codes of the countries the service knows, for a first guess from a phone number.
CALLING_CODES = {"+66": "TH", "+855": "KH", "+856": "LA", "+84": "VN", "+95": "MM"}


@dataclass(frozen=True)
class Hotline:
    number: str
    what: str  # English source text, translated when shown
    free: bool | None
    hours: str | None
    languages: tuple[str, ...]
    emergency: bool  # police or ambulance: first in the danger answer
    in_danger: bool  # also in the danger answer (trafficking, violence, children)
    dates: Dated


@dataclass(frozen=True)
class LabourLine:
    """Where a person checks a wage or complains: `1506, press 2`."""

    number: str
    press: str | None


@dataclass(frozen=True)
class CountryLines:
    code: str
    lines: tuple[Hotline, ...]
    labour_line: LabourLine | None = None

    @property
    def emergency_lines(self) -> tuple[Hotline, ...]:
        return tuple(line for line in self.lines if line.emergency)

    @property
    def emergency(self) -> str | None:
        """The first number to call in danger, when one could be confirmed."""
        return self.emergency_lines[0].number if self.emergency_lines else None


class Hotlines:
    def __init__(self, countries: dict[str, CountryLines]):
        self.countries = countries

    @classmethod
    def load(cls, path: str | Path) -> Hotlines:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        countries = {}
        for code, spec in (data.get("countries") or {}).items():
            lines = tuple(_line(path, code, i, raw)
                          for i, raw in enumerate((spec or {}).get("lines") or []))
            labour = (spec or {}).get("labour_line")
            countries[str(code)] = CountryLines(
                code=str(code), lines=lines,
                labour_line=LabourLine(number=str(labour["number"]),
                                       press=str(labour["press"]) if labour.get("press")
                                       else None) if labour else None)
        return cls(countries)

    def for_country(self, code: str | None) -> CountryLines | None:
        return self.countries.get(code or "")

    def oldest_check(self, lines: list[Hotline] | tuple[Hotline, ...]) -> date | None:
        return min((line.dates.verified for line in lines), default=None)


def _line(path: str | Path, code: str, index: int, raw: object) -> Hotline:
    if not isinstance(raw, dict) or not raw.get("number") or not raw.get("what"):
        raise FactsFileError(f"{path}: {code} line {index + 1}: needs number and what")
    entry = f"{code} line {raw['number']}"
    return Hotline(number=str(raw["number"]), what=str(raw["what"]), free=raw.get("free"),
                   hours=raw.get("hours"), languages=tuple(raw.get("languages") or ()),
                   emergency=bool(raw.get("emergency")), in_danger=bool(raw.get("in_danger")),
                   dates=dated(path, entry, raw))


def country_from_phone(address: str) -> str | None:
    """TH, KH, LA, VN or MM from a phone number's calling code; None otherwise."""
    number = address.removeprefix("sim:").rpartition(":")[2]  # sim:<browser>:<number>
    for prefix in sorted(CALLING_CODES, key=len, reverse=True):
        if number.startswith(prefix):
            return CALLING_CODES[prefix]
    return None
