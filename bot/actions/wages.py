"""Minimum wage answers, the list of places, the wage check and the opt-in for changes."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.conversation.actions import ActionContext, ActionResult, action
from bot.conversation.flows import OptionDef
from bot.facts.wages import Area, Rate
from bot.models import Subscription
from bot.text import N_, formats
from bot.text.digits import normalize_digits

UNITS = {
    ("THB", "day"): N_("{amount} baht a day"),
    ("THB", "month"): N_("{amount} baht a month"),
    ("USD", "month"): N_("{amount} US dollars a month"),
    ("VND", "month"): N_("{amount} dong a month"),
    ("LAK", "month"): N_("{amount} kip a month"),
    ("MMK", "day"): N_("{amount} kyat a day"),
}
RATE_LINE = N_("{place}: {amount}, from {date}.")
SECTOR_LINE = N_("Hotels and entertainment places (bars, karaoke, massage), anywhere in "
                 "Thailand: {amount}, from {date}.")
GARMENT_SCOPE = N_("This is for garment, footwear and travel-goods factories.")
UNKNOWN_PLACE = N_("I do not know the place \"{place}\". Write a province of Thailand, for "
                   "example Bangkok, or choose:")
NO_RATE = N_("I have no minimum wage for {place} yet.")
BELOW = N_("{pay} is below the legal minimum of {minimum} in {place}.")
NOT_BELOW = N_("{pay} is not below the legal minimum of {minimum} in {place}.")
OVERTIME = N_("You work {hours} hours a day: {extra} of them are overtime, paid at least "
              "{rate} baht an hour (1.5 times).")
COMPLAIN = N_("To complain, call 1506 and press 2.")
PAY_UNREADABLE = N_("I could not read the amount. Write it like 350 a day or 9000 a month.")
SUBSCRIBED = N_("We will send you one message when the minimum wage in {place} changes. "
                "Send STOP to stop all messages.")
# Thai law counts a monthly wage as 30 days (Labour Protection Act s.68); a month of daily
# work is counted as 26 days where a monthly rate is compared (Lao definition).
DAYS_PER_MONTH_PAID, WORKING_DAYS_PER_MONTH = 30, 26


def money(ctx: ActionContext, amount: int, currency: str, per: str) -> str:
    return format_money(ctx.translate, ctx.locale, amount, currency, per)


def format_money(translate, locale: str, amount: int, currency: str, per: str) -> str:  # noqa: ANN001
    """`400 baht a day` in the reader's language."""
    return translate(locale, UNITS[(currency, per)], amount=formats.amount(amount, locale))


def _known_area(ctx: ActionContext) -> tuple[Area | None, str | None]:
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
    area, unknown = _known_area(ctx)
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
    lines = []
    places = [wages.areas[a] for a in country.areas] if area.whole_country else [
        area, *wages.districts(area.id)]
    for place in places:
        rate = wages.rate_on(place.id, ctx.today)
        if rate is None:
            lines.append(ctx.t(NO_RATE, place=place.name(ctx.locale)))
            continue
        lines.append(_rate_line(ctx, place, rate, country.currency, country.per))
    if country.scope == "garment":
        lines.append(ctx.t(GARMENT_SCOPE))
    if area.country == "TH":
        sector = wages.sector_rate_on("hotels_entertainment", ctx.today)
        if sector:
            lines.append(ctx.t(SECTOR_LINE, amount=money(ctx, sector.amount, "THB", "day"),
                               date=formats.day(sector.effective_from, ctx.locale)))
    return ActionResult(lines=lines)


def _rate_line(ctx: ActionContext, place: Area, rate: Rate, currency: str, per: str) -> str:
    return ctx.t(RATE_LINE, place=place.name(ctx.locale),
                 amount=money(ctx, rate.amount, currency, per),
                 date=formats.day(rate.effective_from, ctx.locale))


@action("place_list")
def place_list(ctx: ActionContext) -> ActionResult:
    wages = ctx.services.wages
    names = [area.name(ctx.locale) for area in wages.areas.values() if not area.parent]
    return ActionResult(lines=[", ".join(names)])


@action("check_start")
def check_start(ctx: ActionContext) -> ActionResult:
    area, _ = _known_area(ctx)
    return ActionResult(redirect="check_pay" if area else "check_place")


@action("wage_check")
def wage_check(ctx: ActionContext) -> ActionResult:
    area, _ = _known_area(ctx)
    if area is None:
        return ActionResult(redirect="check_place")
    wages = ctx.services.wages
    country = wages.countries[area.country]
    rate = wages.rate_on(area.id, ctx.today)
    if rate is None:
        return ActionResult(lines=[ctx.t(NO_RATE, place=area.name(ctx.locale))])
    pay = parse_pay(ctx.variables.get("pay", ""), ctx.services.pay_words, country.per)
    if pay is None:
        return ActionResult(lines=[ctx.t(PAY_UNREADABLE)], redirect=None, options=[
            OptionDef(label=N_("Check my pay"), next="check_pay"),
            OptionDef(label=N_("Menu"), next="main:menu")])
    amount, per = pay
    compared = _in_unit(amount, per, country.per)
    values = {"pay": money(ctx, amount, country.currency, per),
              "minimum": money(ctx, rate.amount, country.currency, country.per),
              "place": area.name(ctx.locale)}
    lines = [ctx.t(BELOW if compared < rate.amount else NOT_BELOW, **values)]
    hours = _number(ctx.variables.get("hours", ""))
    if area.country == "TH" and country.per == "day" and hours and 8 < hours <= 24:
        hourly_overtime = rate.amount / 8 * 1.5
        lines.append(ctx.t(OVERTIME, hours=hours, extra=hours - 8,
                           rate=formats.amount(round(hourly_overtime, 2), ctx.locale)))
    if area.country == "TH":
        lines.append(ctx.t(COMPLAIN))
    return ActionResult(lines=lines)


def _in_unit(amount: float, per: str, wanted: str) -> float:
    if per == wanted:
        return amount
    if per == "month":  # monthly pay against a daily rate
        return amount / DAYS_PER_MONTH_PAID
    return amount * WORKING_DAYS_PER_MONTH


def _number(text: str) -> int | None:
    match = re.search(r"\d+", normalize_digits(text).replace(",", ""))
    return int(match.group()) if match else None


def parse_pay(text: str, words: dict[str, tuple[str, ...]], default_per: str
              ) -> tuple[int, str] | None:
    """(amount, "day" | "month") from "350 a day", "9,000 ต่อเดือน", "៣៥០"."""
    amount = _number(text)
    if not amount:
        return None
    folded = normalize_digits(text).casefold()
    for per in ("month", "day"):
        if any(word in folded for word in words.get(per, ())):
            return amount, per
    # No unit written: a Thai daily wage is hundreds of baht, a monthly one thousands.
    if default_per == "day":
        return amount, "day" if amount < 2000 else "month"
    return amount, default_per


@action("subscribe_wage")
def subscribe_wage(ctx: ActionContext) -> ActionResult:
    area, _ = _known_area(ctx)
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
