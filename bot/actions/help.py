"""Hotlines for the country the person is in, emergency numbers (SAFETY 6), and a request
to talk to a person, with office hours."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.alerts import texts
from bot.contacts import contact_address
from bot.conversation.actions import ActionContext, ActionResult, action
from bot.facts.hotlines import CountryLines, Hotline, country_from_phone
from bot.models import PersonRequest
from bot.text import N_, formats

EMERGENCY = N_("Emergency: {number}")
NGO_LINE = N_("Our partner organisation: {number}")
NO_LINES = N_("We have no hotline number we could check for this country yet.")
FREE = N_("free")
HOURS_24 = N_("24 hours")
COUNTRY_NAMES = {"TH": N_("Thailand"), "KH": N_("Cambodia"), "LA": N_("Laos"),
                 "VN": N_("Viet Nam"), "MM": N_("Myanmar")}
OPEN_NOW = N_("We are open {days}, {start} to {end}. We will answer as soon as we can.")
CLOSED_NOW = N_("Our office is closed now. We are open {days}, {start} to {end}, and will "
                "answer then.")
URGENT = N_("If it is urgent, call {number}.")
PARTNER_TOLD = texts.PARTNER_TOLD
NOT_POLICE = N_("We are not the police. We do not share what you write without asking you.")


def country_of(ctx: ActionContext) -> str | None:
    """The person's country: said before, or guessed once from their phone number."""
    if ctx.contact.country is None and ctx.contact.channel == "sms":
        ctx.contact.country = country_from_phone(
            contact_address(ctx.services.cipher, ctx.contact))
    return ctx.contact.country


def _line(ctx: ActionContext, line: Hotline) -> str:
    """`1387: Childline Thailand: help for children under 18. (free, 24 hours)`: what the
    line is for says its languages; free and hours only where a source says so."""
    details = []
    if line.free:
        details.append(ctx.t(FREE))
    if line.hours == "24 hours":
        details.append(ctx.t(HOURS_24))
    suffix = f" ({', '.join(details)})" if details else ""
    return f"{line.number}: {ctx.t(line.what)}{suffix}"


def _lines_for_reader(lines: tuple[Hotline, ...], locale: str) -> list[Hotline]:
    """Lines in the reader's language replace the same service's other-language lines."""
    base = locale.split("-")[0]
    own = [line for line in lines if base in line.languages]
    if not own:
        return list(lines)
    return [line for line in lines if not line.languages or base in line.languages]


def _country_lines(ctx: ActionContext, country: CountryLines) -> list[str]:
    lines = []
    if country.emergency:
        lines.append(ctx.t(EMERGENCY, number=country.emergency))
    for line in _lines_for_reader(country.lines, ctx.locale):
        if line.number != country.emergency:
            lines.append(_line(ctx, line))
    if not country.lines and not country.emergency:
        lines.append(ctx.t(NO_LINES))
    return lines


@action("hotlines")
def hotlines(ctx: ActionContext) -> ActionResult:
    code = country_of(ctx)
    country = ctx.services.hotlines.for_country(code)
    if country is None:
        return ActionResult(redirect="country")
    lines = [ctx.t(COUNTRY_NAMES[code]) + ":", *_country_lines(ctx, country)]
    if ctx.services.ngo_phone:
        lines.append(ctx.t(NGO_LINE, number=ctx.services.ngo_phone))
    return ActionResult(lines=lines)


@action("emergency")
def emergency(ctx: ActionContext) -> ActionResult:
    """Numbers at once, before any question: of the person's country, or of every country."""
    code = country_of(ctx)
    known = ctx.services.hotlines.for_country(code)
    if known is not None:
        lines = _country_lines(ctx, known)[:3]
    else:
        lines = [f"{ctx.t(COUNTRY_NAMES[c.code])}: {c.emergency}"
                 for c in ctx.services.hotlines.countries.values() if c.emergency]
    if ctx.services.ngo_phone:
        lines.append(ctx.t(NGO_LINE, number=ctx.services.ngo_phone))
    return ActionResult(lines=lines)


@action("person_request")
def person_request(ctx: ActionContext) -> ActionResult:
    open_request = ctx.session.scalar(select(PersonRequest).where(
        PersonRequest.contact_id == ctx.contact.id, PersonRequest.status == "open"))
    if open_request is None:
        ctx.session.add(PersonRequest(contact_id=ctx.contact.id, created_at=ctx.now))
    hours = ctx.services.office_hours
    local = ctx.now.replace(tzinfo=UTC).astimezone(ctx.services.timezone)
    values = {"days": _days(ctx, hours.days), "start": hours.start.strftime("%H:%M"),
              "end": hours.end.strftime("%H:%M")}
    lines = [ctx.t(OPEN_NOW if _is_open(local, hours) else CLOSED_NOW, **values),
             ctx.t(NOT_POLICE)]
    if ctx.services.ngo_phone:
        lines.append(ctx.t(URGENT, number=ctx.services.ngo_phone))
    return ActionResult(lines=lines)


def _is_open(local: datetime, hours) -> bool:  # noqa: ANN001
    day = formats.WEEKDAYS[local.weekday()]
    return day in hours.days and hours.start <= local.time() < hours.end


def _days(ctx: ActionContext, days: tuple[str, ...]) -> str:
    names = [formats.weekday(day, ctx.locale) for day in days]
    return f"{names[0]}–{names[-1]}" if len(names) > 2 else ", ".join(names)


@action("ask_partner")
def ask_partner(ctx: ActionContext) -> ActionResult:
    """The person agreed: an urgent alert to the NGO partner only (never the police), which
    can answer through the service. The outbox sends it within seconds."""
    network = ctx.services.network
    if network is None:
        return ActionResult(redirect="person")
    network.raise_for_migrant(ctx.session, ctx.contact, ctx.now)
    code = country_of(ctx)
    country = ctx.services.hotlines.for_country(code)
    number = (country.emergency if country and country.emergency else None) \
        or ctx.services.ngo_phone or "191"
    return ActionResult(lines=[ctx.t(PARTNER_TOLD, number=number)])
