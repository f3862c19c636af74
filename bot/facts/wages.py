"""Minimum wages by country and area, with the rate in force on any given day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from bot.facts.dated import dated
from bot.facts.places import PlaceIndex

NAME_KEYS = ("en", "th", "km", "lo", "my", "vi")


@dataclass(frozen=True)
class Rate:
    area: str
    amount: int
    effective_from: date
    source: str
    verified: date


@dataclass
class Area:
    id: str
    country: str
    names: dict[str, str]
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    whole_country: bool = False

    def name(self, locale: str) -> str:
        """The area's name for a reader of `locale` (their script if known, else English)."""
        return self.names.get(locale) or self.names["en"]


@dataclass
class Country:
    code: str
    currency: str
    per: str  # "day" | "month"
    scope: str | None
    areas: list[str] = field(default_factory=list)


class WageBook:
    def __init__(self, countries: dict[str, Country], areas: dict[str, Area],
                 rates: list[Rate], sectors: dict[str, list[Rate]]):
        self.countries, self.areas, self.rates, self.sectors = countries, areas, rates, sectors
        self.index = PlaceIndex(
            (name, area.id) for area in areas.values()
            for name in (*area.names.values(), *area.aliases))

    @classmethod
    def load(cls, path: str | Path) -> WageBook:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        countries: dict[str, Country] = {}
        areas: dict[str, Area] = {}
        rates: list[Rate] = []
        sectors: dict[str, list[Rate]] = {}
        for code, spec in (data.get("countries") or {}).items():
            country = Country(code=code, currency=spec["currency"], per=spec["per"],
                              scope=spec.get("scope"))
            if spec.get("names"):  # the country as a whole: its answer lists every area
                areas[f"country:{code}"] = Area(
                    id=f"country:{code}", country=code, whole_country=True,
                    names={key: str(value) for key, value in spec["names"].items()},
                    aliases=tuple(str(alias) for alias in spec.get("aliases") or ()))
            for raw in spec.get("areas") or []:
                if raw["id"] in areas:
                    raise ValueError(f"{path}: area {raw['id']!r} is listed twice")
                areas[raw["id"]] = Area(
                    id=raw["id"], country=code, parent=raw.get("parent"),
                    names={key: str(raw[key]) for key in NAME_KEYS if raw.get(key)},
                    aliases=tuple(str(alias) for alias in raw.get("aliases") or ()))
                country.areas.append(raw["id"])
            for raw in spec.get("rates") or []:
                if raw["area"] not in areas:
                    raise ValueError(f"{path}: a rate names unknown area {raw['area']!r}")
                rates.append(_rate(path, raw["area"], raw))
            for raw in spec.get("sectors") or []:
                sectors.setdefault(raw["id"], []).append(_rate(path, raw["id"], raw))
            countries[code] = country
        return cls(countries, areas, rates, sectors)

    def find_area(self, text: str) -> Area | None:
        """The area a message names. A Thai province wins over a country's name: "I am from
        Myanmar and work in Bangkok" asks about Bangkok."""
        found = [self.areas[area_id] for area_id in self.index.find_all(text)]
        thai = [area for area in found if area.country == "TH"]
        return (thai or found or [None])[0]

    def rate_on(self, area_id: str, day: date) -> Rate | None:
        """The rate in force on `day`: the latest whose effective_from is not after it."""
        return _latest((r for r in self.rates if r.area == area_id), day)

    def rates_of(self, area_id: str) -> list[Rate]:
        return [rate for rate in self.rates if rate.area == area_id]

    def sector_rate_on(self, sector: str, day: date) -> Rate | None:
        return _latest(self.sectors.get(sector, []), day)

    def districts(self, area_id: str) -> list[Area]:
        return [area for area in self.areas.values() if area.parent == area_id]


def _rate(path: str | Path, key: str, raw: dict) -> Rate:
    facts = dated(path, f"rate {key} {raw.get('effective_from')}", raw)
    return Rate(area=key, amount=int(raw["amount"]), effective_from=facts.effective_from,
                source=facts.source, verified=facts.verified)


def _latest(rates, day: date) -> Rate | None:  # noqa: ANN001
    in_force = [rate for rate in rates if rate.effective_from <= day]
    return max(in_force, key=lambda rate: rate.effective_from) if in_force else None
