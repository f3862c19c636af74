"""Hotlines for the country the person is in, and emergency numbers (SAFETY 6): every
number comes from facts/hotlines.yaml, with the day it was last checked."""

from __future__ import annotations

from bot.channels import registry
from bot.contacts import contact_address
from bot.conversation.actions import ActionContext, ActionResult, action
from bot.facts.hotlines import CountryLines, Hotline, country_from_phone
from bot.text import N_, formats

NGO_LINE = N_("Our partner organisation: {number}")
NO_LINES = N_("We have no hotline number we could check for this country yet.")
NO_EMERGENCY = N_("We could not confirm a police emergency number for {country}. These "
                  "lines can help:")
NO_EMERGENCY_SHORT = N_("{country}: we could not confirm a police number.")
OWN_LANGUAGE_IN = N_("In {country}, in your language: {line}")
NUMBERS_CHECKED = N_("Numbers checked {date}.")
FREE = N_("free")
HOURS_24 = N_("24 hours")
COUNTRY_NAMES = {"TH": N_("Thailand"), "KH": N_("Cambodia"), "LA": N_("Laos"),
                 "VN": N_("Viet Nam"), "MM": N_("Myanmar")}


def country_of(ctx: ActionContext) -> str | None:
    """The person's country: said before, or guessed once from their phone number."""
    if ctx.contact.country is None and registry.get(ctx.contact.channel).by_phone:
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


def _speaks(line: Hotline, locale: str) -> bool:
    return locale.split("-")[0] in line.languages


def lines_for_reader(lines: tuple[Hotline, ...], locale: str) -> list[Hotline]:
    """Lines in the reader's language replace the same service's other-language lines."""
    if not any(_speaks(line, locale) for line in lines):
        return list(lines)
    return [line for line in lines if not line.languages or _speaks(line, locale)]


def danger_lines(country: CountryLines, locale: str) -> list[Hotline]:
    """Police and ambulance first, then the reader's own-language lines, then the lines for
    trafficking, violence and children; never cut (the SMS is paged instead)."""
    readable = lines_for_reader(country.lines, locale)
    ordered = [line for line in readable if line.emergency]
    ordered += [line for line in readable if _speaks(line, locale) and line not in ordered]
    ordered += [line for line in readable if line.in_danger and not line.languages
                and line not in ordered]
    return ordered


def _checked(ctx: ActionContext, lines: list[Hotline]) -> list[str]:
    oldest = ctx.services.hotlines.oldest_check(lines)
    return [ctx.t(NUMBERS_CHECKED, date=formats.day(oldest, ctx.locale))] if oldest else []


def _ngo(ctx: ActionContext) -> list[str]:
    return [ctx.t(NGO_LINE, number=ctx.services.ngo_phone)] if ctx.services.ngo_phone else []


@action("hotlines")
def hotlines(ctx: ActionContext) -> ActionResult:
    code = country_of(ctx)
    country = ctx.services.hotlines.for_country(code)
    if country is None:
        return ActionResult(redirect="country")
    shown = lines_for_reader(country.lines, ctx.locale)
    lines = [ctx.t(COUNTRY_NAMES[code]) + ":", *(_line(ctx, line) for line in shown)]
    if not shown:
        lines.append(ctx.t(NO_LINES))
    return ActionResult(lines=[*lines, *_ngo(ctx), *_checked(ctx, shown)])


@action("emergency")
def emergency(ctx: ActionContext) -> ActionResult:
    """Numbers at once, before any question: of the person's country, or of every country."""
    book = ctx.services.hotlines
    code = country_of(ctx)
    known = book.for_country(code)
    if known is not None:
        shown = danger_lines(known, ctx.locale)
        name = ctx.t(COUNTRY_NAMES[code])
        lines = [name + ":"]
        if not known.emergency_lines:
            lines.append(ctx.t(NO_EMERGENCY, country=name))
        lines += [_line(ctx, line) for line in shown]
        if not shown:
            lines.append(ctx.t(NO_LINES))
    else:
        lines, shown = [], []
        for country in book.countries.values():
            name = ctx.t(COUNTRY_NAMES[country.code])
            if country.emergency_lines:
                numbers = ", ".join(line.number for line in country.emergency_lines)
                lines.append(f"{name}: {numbers}")
                shown += country.emergency_lines
            else:
                lines.append(ctx.t(NO_EMERGENCY_SHORT, country=name))
        for country in book.countries.values():
            for line in country.lines:
                if _speaks(line, ctx.locale) and line.number not in {s.number for s in shown}:
                    lines.append(ctx.t(OWN_LANGUAGE_IN, country=ctx.t(COUNTRY_NAMES[
                        country.code]), line=_line(ctx, line)))
                    shown.append(line)
    return ActionResult(lines=[*lines, *_ngo(ctx), *_checked(ctx, shown)])
