"""Facts the service quotes that nobody has checked for a while (`flask facts stale`, and a
weekly warning from the clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.facts.hotlines import Hotlines
from bot.facts.wages import WageBook

DEFAULT_DAYS = 180


@dataclass(frozen=True)
class StaleFact:
    kind: str  # "wage" | "sector wage" | "hotline"
    what: str  # "TH bangkok 400 from 2025-07-01", "VN 113"
    verified: date
    source: str


def stale_facts(wages: WageBook, hotlines: Hotlines, today: date,
                days: int = DEFAULT_DAYS) -> list[StaleFact]:
    """Facts quoted today or later whose `verified` is more than `days` days old. A rate that
    a newer one has replaced is no longer quoted, so it is not listed."""
    cutoff = today - timedelta(days=days)
    found = []
    for area_id, area in wages.areas.items():
        for rate in _quoted(wages.rates_of(area_id), today):
            if rate.verified < cutoff:
                found.append(StaleFact("wage", f"{area.country} {area_id} {rate.amount} from "
                                       f"{rate.effective_from}", rate.verified, rate.source))
    for sector, rates in wages.sectors.items():
        for rate in _quoted(rates, today):
            if rate.verified < cutoff:
                found.append(StaleFact("sector wage", f"{sector} {rate.amount} from "
                                       f"{rate.effective_from}", rate.verified, rate.source))
    for code, country in hotlines.countries.items():
        for line in country.lines:
            if line.dates.verified < cutoff:
                found.append(StaleFact("hotline", f"{code} {line.number}", line.dates.verified,
                                       line.dates.source))
    return found


def local_today(timezone: tzinfo) -> date:
    """Today where the service works: wage rounds start on local dates."""
    return datetime.now(UTC).astimezone(timezone).date()


def _quoted(rates: list, today: date) -> list:
    """The rate in force today and any that start later."""
    current = [rate for rate in rates if rate.effective_from <= today]
    latest = max(current, key=lambda rate: rate.effective_from, default=None)
    return [rate for rate in rates if rate is latest or rate.effective_from > today]


UPCOMING_DAYS = 60


@dataclass(frozen=True)
class UpcomingFact:
    kind: str  # "wage" | "sector wage" | "hotline"
    what: str  # as in StaleFact
    event: str  # "in_force": starts to be quoted on `on` | "stale": unverified too long from `on`
    on: date
    verified: date
    source: str


def upcoming_facts(wages: WageBook, hotlines: Hotlines, today: date,
                   within: int = UPCOMING_DAYS, days: int = DEFAULT_DAYS) -> list[UpcomingFact]:
    """What changes in the next `within` days: rates that come into force, and quoted facts
    that are not stale today but will be (verified more than `days` days before), soonest
    first (the staff dashboard's content page)."""
    horizon = today + timedelta(days=within)
    found = []

    def check(kind: str, what: str, effective_from: date, verified: date, source: str) -> None:
        if today < effective_from <= horizon:
            found.append(UpcomingFact(kind, what, "in_force", effective_from, verified, source))
        stale_on = verified + timedelta(days=days + 1)  # the first day stale_facts lists it
        if today < stale_on <= horizon:
            found.append(UpcomingFact(kind, what, "stale", stale_on, verified, source))

    for area_id, area in wages.areas.items():
        for rate in _quoted(wages.rates_of(area_id), today):
            check("wage", f"{area.country} {area_id} {rate.amount} from {rate.effective_from}",
                  rate.effective_from, rate.verified, rate.source)
    for sector, rates in wages.sectors.items():
        for rate in _quoted(rates, today):
            check("sector wage", f"{sector} {rate.amount} from {rate.effective_from}",
                  rate.effective_from, rate.verified, rate.source)
    for code, country in hotlines.countries.items():
        for line in country.lines:
            # A hotline's effective_from is when the number started; it is quoted at once.
            check("hotline", f"{code} {line.number}", line.dates.effective_from,
                  line.dates.verified, line.dates.source)
    return sorted(found, key=lambda fact: fact.on)
