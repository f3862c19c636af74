"""What the service tells people, for NGO staff and admins: the minimum wages and hotlines
in force with their sources and dates, what comes into force or goes stale soon, and how
far each language's translation is done and reviewed. Read-only: the files in `facts/` and
`locales/` are the source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app, render_template

from bot.dashboard.access import _, locale, requires
from bot.dashboard.blueprint import bp
from bot.facts.freshness import (
    DEFAULT_DAYS,
    UPCOMING_DAYS,
    local_today,
    stale_facts,
    upcoming_facts,
)
from bot.services import services
from bot.text import N_, catalog_files
from bot.text.formats import amount, day
from bot.text.languages import Languages

KIND_LABELS = {"wage": N_("Minimum wage"), "sector wage": N_("Sector wage"),
               "hotline": N_("Hotline")}
EVENT_LABELS = {"in_force": N_("comes into force"), "stale": N_("needs checking again")}
PER_LABELS = {"day": N_("a day"), "month": N_("a month")}


def _when(value: date) -> str:
    return day(value, locale())


def _wages(today: date) -> tuple[list[dict], list[dict]]:
    wages = services().facts.wages
    countries = []
    for country in wages.countries.values():
        rows = []
        for area_id in country.areas:
            area = wages.areas[area_id]
            rate = wages.rate_on(area_id, today)
            if rate is None:
                continue
            parent = wages.areas.get(area.parent) if area.parent else None
            rows.append({
                "name": area.name(locale()), "lang": locale() if locale() in area.names else "en",
                "parent": parent.name(locale()) if parent else None, "id": area_id,
                "amount": amount(rate.amount, locale()), "source": rate.source,
                "effective": _when(rate.effective_from), "verified": _when(rate.verified)})
        countries.append({"code": country.code, "currency": country.currency,
                          "per": _(PER_LABELS.get(country.per, country.per)),
                          "scope": country.scope, "rows": rows})
    sectors = []
    for sector in sorted(wages.sectors):
        rate = wages.sector_rate_on(sector, today)
        if rate is not None:
            sectors.append({"id": sector, "amount": amount(rate.amount, locale()),
                            "source": rate.source, "effective": _when(rate.effective_from),
                            "verified": _when(rate.verified)})
    return [country for country in countries if country["rows"]], sectors


def _hotlines(today: date) -> list[dict]:
    hotlines = services().facts.hotlines
    return [{"code": code, "lines": [{
        "number": line.number, "what": _(line.what), "hours": line.hours,
        "free": line.free, "emergency": line.emergency, "in_danger": line.in_danger,
        "languages": ", ".join(line.languages), "source": line.dates.source,
        "effective": _when(line.dates.effective_from), "verified": _when(line.dates.verified),
        "future": line.dates.effective_from > today} for line in country.lines]}
        for code, country in hotlines.countries.items()]


def _translations() -> list[dict]:
    locales_dir = Path(current_app.config["LOCALES_DIR"])
    languages = Languages.load(Path(current_app.config["WORDS_DIR"]) / "languages.yaml")
    rows = []
    for language in languages.all:
        try:
            [status] = catalog_files.status(locales_dir, [language.code])
        except OSError:  # no catalog for this language yet
            status = None
        row = {"code": language.code, "native": language.native, "latin": language.latin,
               "status": status}
        if status is not None and status.messages:
            row["translated_pct"] = round(100 * status.translated / status.messages)
            row["reviewed_pct"] = round(100 * status.reviewed / status.messages)
        rows.append(row)
    return rows


def _listed(facts: list, event_of) -> list[dict]:  # noqa: ANN001
    return [{"kind": _(KIND_LABELS.get(fact.kind, fact.kind)), "what": fact.what,
             "event": event_of(fact), "source": fact.source,
             "verified": _when(fact.verified), "on": _when(getattr(fact, "on", fact.verified))}
            for fact in facts]


@bp.get("/content")
@requires("ngo")
def content():
    facts = services().facts
    today = local_today(facts.timezone)
    wages, sectors = _wages(today)
    stale = _listed(stale_facts(facts.wages, facts.hotlines, today, DEFAULT_DAYS),
                    lambda fact: "")
    upcoming = _listed(upcoming_facts(facts.wages, facts.hotlines, today, UPCOMING_DAYS),
                       lambda fact: _(EVENT_LABELS[fact.event]))
    return render_template(
        "staff/content.html", today=_when(today), wages=wages, sectors=sectors,
        hotlines=_hotlines(today), stale=stale, upcoming=upcoming,
        translations=_translations(), stale_days=DEFAULT_DAYS, upcoming_days=UPCOMING_DAYS)
