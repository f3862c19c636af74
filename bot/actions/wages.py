"""Minimum wage answers, the list of places and the opt-in for changes (the wage check is
in bot/actions/wage_check.py)."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation.actions import ActionContext, ActionResult, action
from bot.conversation.flows import OptionDef
from bot.facts.wages import Area, Rate
from bot.models import Subscription
from bot.text import N_, formats

UNITS = {
    ("THB", "day"): N_("{amount} baht a day"),
    ("THB", "month"): N_("{amount} baht a month"),
    ("USD", "month"): N_("{amount} US dollars a month"),
    ("VND", "month"): N_("{amount} dong a month"),
    ("LAK", "month"): N_("{amount} kip a month"),
    ("MMK", "day"): N_("{amount} kyat a day"),
}
RATE_LINE = N_("{place}: {amount}, from {date}.")
SECTOR_LINE = N_("Hotels (except Type 1: rooms only, 50 rooms or fewer) and places under the "
                 "Entertainment Place Act (karaoke, bars, pubs, nightclubs, massage parlours), "
                 "anywhere in Thailand: {amount}, from {date}.")
CHECKED_CALL = N_("Checked {date}. To be sure, call {number}.")
CHECKED = N_("Checked {date}.")
GARMENT_SCOPE = N_("This is for garment, footwear and travel-goods factories.")
UNKNOWN_PLACE = N_("I do not know the place \"{place}\". Write a province of Thailand, for "
                   "example Bangkok, or choose:")
NO_RATE = N_("I have no minimum wage for {place} yet.")
SUBSCRIBED = N_("We will send you one message when the minimum wage in {place} changes. "
                "Send STOP to stop all messages.")


def money(ctx: ActionContext, amount: int, currency: str, per: str) -> str:
    return format_money(ctx.translate, ctx.locale, amount, currency, per)


def format_money(translate, locale: str, amount: int, currency: str, per: str) -> str:  # noqa: ANN001
    """`400 baht a day` in the reader's language."""
    return translate(locale, UNITS[(currency, per)], amount=formats.amount(amount, locale))


def known_area(ctx: ActionContext) -> tuple[Area | None, str | None]:
    """The area the person means: named in this message, just typed, or said before."""
    wages = ctx.services.wages
    typed = ctx.variables.pop("place_text", None)
    for text in (ctx.text, typed):
        if text and (area := wages.find_area(text)):
            ctx.variables["place"] = area.id
            return area, None
    if typed:
        return None, typed
    return wages.areas.get(ctx.variables.get("place", "")), None


@action("minimum_wage")
def minimum_wage(ctx: ActionContext) -> ActionResult:
    area, unknown = known_area(ctx)
    if unknown is not None:
        return ActionResult(lines=[ctx.t(UNKNOWN_PLACE, place=unknown[:40])], options=[
            OptionDef(label=N_("List of places"), next="places"),
            OptionDef(label=N_("Menu"), next="main:menu")])
    if area is None:
        return ActionResult(redirect="ask_place")
    wages = ctx.services.wages
    if area.parent:  # a district: answer for its province, which names the district too
        area = wages.areas[area.parent]
    country = wages.countries[area.country]
    lines, shown = [], []
    places = [wages.areas[a] for a in country.areas] if area.whole_country else [
        area, *wages.districts(area.id)]
    for place in places:
        rate = wages.rate_on(place.id, ctx.today)
        if rate is None:
            lines.append(ctx.t(NO_RATE, place=place.name(ctx.locale)))
            continue
        shown.append(rate)
        lines.append(_rate_line(ctx, place, rate, country.currency, country.per))
    if country.scope == "garment":
        lines.append(ctx.t(GARMENT_SCOPE))
    if area.country == "TH":
        sector = wages.sector_rate_on("hotels_entertainment", ctx.today)
        if sector:
            shown.append(sector)
            lines.append(ctx.t(SECTOR_LINE, amount=money(ctx, sector.amount, "THB", "day"),
                               date=formats.day(sector.effective_from, ctx.locale)))
    if shown:
        lines.append(freshness_line(ctx, shown, area.country))
    return ActionResult(lines=lines)


def freshness_line(ctx: ActionContext, rates: list[Rate], country: str) -> str:
    return freshness_text(ctx.translate, ctx.locale, ctx.services.hotlines, rates, country)


def freshness_text(translate, locale: str, hotlines, rates: list[Rate],  # noqa: ANN001
                   country: str) -> str:
    """When the figures were last checked, and the labour line that can confirm them."""
    checked = formats.day(min(rate.verified for rate in rates), locale)
    lines = hotlines.for_country(country)
    if lines is not None and lines.labour_line is not None:
        return translate(locale, CHECKED_CALL, date=checked, number=lines.labour_line.number)
    return translate(locale, CHECKED, date=checked)


def _rate_line(ctx: ActionContext, place: Area, rate: Rate, currency: str, per: str) -> str:
    return ctx.t(RATE_LINE, place=place.name(ctx.locale),
                 amount=money(ctx, rate.amount, currency, per),
                 date=formats.day(rate.effective_from, ctx.locale))


@action("place_list")
def place_list(ctx: ActionContext) -> ActionResult:
    wages = ctx.services.wages
    names = [area.name(ctx.locale) for area in wages.areas.values() if not area.parent]
    return ActionResult(lines=[", ".join(names)])


@action("subscribe_wage")
def subscribe_wage(ctx: ActionContext) -> ActionResult:
    area, _ = known_area(ctx)
    if area is None:
        return ActionResult(redirect="ask_place")
    if area.parent:
        area = ctx.services.wages.areas[area.parent]
    existing = ctx.session.scalar(select(Subscription).where(
        Subscription.contact_id == ctx.contact.id, Subscription.topic == "minimum_wage",
        Subscription.key == area.id))
    if existing is None:
        ctx.session.add(Subscription(contact_id=ctx.contact.id, topic="minimum_wage",
                                     key=area.id, created_at=ctx.now))
    else:
        existing.active = True
    return ActionResult(lines=[ctx.t(SUBSCRIBED, place=area.name(ctx.locale))])
