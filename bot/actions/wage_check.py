"""The wage check: someone's pay and hours against the law where they work.

In Thailand the 400-baht rate for hotels (except Type 1) and places under the Entertainment
Place Act applies nationwide from 1 July 2025, above many province rates; the check asks
whether the workplace is one of those, unless the person already said (karaoke, bar ...).
"""

from __future__ import annotations

from bot.actions.wages import freshness_line, known_area, money
from bot.conversation.actions import ActionContext, ActionResult, action
from bot.conversation.flows import OptionDef
from bot.facts.wages import Rate
from bot.text import N_, formats
from bot.text.pay import contains_phrase, parse_pay, pay_amount

SECTOR = "hotels_entertainment"
BELOW = N_("{pay} is below the legal minimum of {minimum} in {place}.")
NOT_BELOW = N_("{pay} is not below the legal minimum of {minimum} in {place}.")
BELOW_SECTOR = N_("{pay} is below the legal minimum of {minimum} for hotels and "
                  "entertainment places in Thailand.")
NOT_BELOW_SECTOR = N_("{pay} is not below the legal minimum of {minimum} for hotels and "
                      "entertainment places in Thailand.")
SECTOR_USED = N_("This rate is for your workplace. The general rate in {place} is {minimum}.")
PROVINCE_USED = N_("This is the general rate in {place}. Hotels and entertainment places "
                   "have a higher one: {minimum}.")
OVERTIME = N_("You work {hours} hours a day: {extra} of them are overtime, paid at least "
              "{rate} baht an hour (1.5 times).")
COMPLAIN = N_("To complain, call {number}.")
COMPLAIN_PRESS = N_("To complain, call {number} and press {press}.")
PAY_UNREADABLE = N_("I could not read the amount. Write it like 350 a day or 9000 a month.")
NO_RATE = N_("I have no minimum wage for {place} yet.")
# Thai law counts a monthly wage as 30 days (Labour Protection Act s.68); a month of daily
# work is counted as 26 days where a monthly rate is compared (Lao definition).
DAYS_PER_MONTH_PAID, WORKING_DAYS_PER_MONTH = 30, 26


@action("check_start")
def check_start(ctx: ActionContext) -> ActionResult:
    for key in ("check_text", "pay", "hours", "sector"):  # a new check starts afresh
        ctx.variables.pop(key, None)
    if ctx.text:  # "I work in a karaoke in Tak and get 360 a day": keep what was said
        ctx.variables["check_text"] = ctx.text[:500]
        if pay_amount(ctx.text, ctx.services.pay_words):
            ctx.variables["pay"] = ctx.text[:500]
    area, _ = known_area(ctx)
    if area is None:
        return ActionResult(redirect="check_place")
    return ActionResult(redirect="check_sector" if "pay" in ctx.variables else "check_pay")


@action("sector_question")
def sector_question(ctx: ActionContext) -> ActionResult:
    """Ask whether the workplace has the sector rate: only in Thailand, only when unsaid."""
    area, _ = known_area(ctx)
    if area is None or area.country != "TH" or ctx.variables.get("sector"):
        return ActionResult(redirect="check_hours")
    said = " ".join(str(ctx.variables.get(key) or "") for key in ("check_text", "pay"))
    if contains_phrase(said, ctx.services.entertainment_words):
        ctx.variables["sector"] = "entertainment"
        return ActionResult(redirect="check_hours")
    return ActionResult()


def _set_sector(ctx: ActionContext, sector: str) -> ActionResult:
    ctx.variables["sector"] = sector
    return ActionResult(redirect="check_hours")


@action("sector_entertainment")
def sector_entertainment(ctx: ActionContext) -> ActionResult:
    return _set_sector(ctx, "entertainment")


@action("sector_hotel")
def sector_hotel(ctx: ActionContext) -> ActionResult:
    return _set_sector(ctx, "hotel")


@action("sector_none")
def sector_none(ctx: ActionContext) -> ActionResult:
    return _set_sector(ctx, "none")


@action("wage_check")
def wage_check(ctx: ActionContext) -> ActionResult:
    area, _ = known_area(ctx)
    if area is None:
        return ActionResult(redirect="check_place")
    wages = ctx.services.wages
    if area.parent:
        area = wages.areas[area.parent]
    country = wages.countries[area.country]
    rate = wages.rate_on(area.id, ctx.today)
    if rate is None:
        return ActionResult(lines=[ctx.t(NO_RATE, place=area.name(ctx.locale))])
    pay = parse_pay(ctx.variables.get("pay", ""), ctx.services.pay_words, country.per)
    if pay is None:
        return ActionResult(lines=[ctx.t(PAY_UNREADABLE)], options=[
            OptionDef(label=N_("Check my pay"), next="check_pay"),
            OptionDef(label=N_("Menu"), next="main:menu")])
    amount, per = pay
    sector = wages.sector_rate_on(SECTOR, ctx.today) if area.country == "TH" else None
    covered = sector is not None and ctx.variables.get("sector") in ("entertainment", "hotel")
    applied: Rate = sector if covered and sector.amount > rate.amount else rate
    place = area.name(ctx.locale)
    values = {"pay": money(ctx, amount, country.currency, per),
              "minimum": money(ctx, applied.amount, country.currency, country.per),
              "place": place}
    below = _in_unit(amount, per, country.per) < applied.amount
    if applied is sector:
        lines = [ctx.t(BELOW_SECTOR if below else NOT_BELOW_SECTOR, **values),
                 ctx.t(SECTOR_USED, place=place,
                       minimum=money(ctx, rate.amount, country.currency, country.per))]
    else:
        lines = [ctx.t(BELOW if below else NOT_BELOW, **values)]
        if sector is not None and sector.amount > rate.amount and not covered:
            lines.append(ctx.t(PROVINCE_USED, place=place,
                               minimum=money(ctx, sector.amount, "THB", "day")))
    hours = pay_amount(ctx.variables.get("hours", ""), ctx.services.pay_words)
    if area.country == "TH" and country.per == "day" and hours and 8 < hours <= 24:
        lines.append(ctx.t(OVERTIME, hours=hours, extra=hours - 8,
                           rate=formats.amount(round(applied.amount / 8 * 1.5, 2), ctx.locale)))
    lines += _complain(ctx, area.country)
    lines.append(freshness_line(ctx, [applied], area.country))
    return ActionResult(lines=lines)


def _complain(ctx: ActionContext, country: str) -> list[str]:
    lines = ctx.services.hotlines.for_country(country)
    labour = lines.labour_line if lines else None
    if labour is None:
        return []
    if labour.press:
        return [ctx.t(COMPLAIN_PRESS, number=labour.number, press=labour.press)]
    return [ctx.t(COMPLAIN, number=labour.number)]


def _in_unit(amount: float, per: str, wanted: str) -> float:
    if per == wanted:
        return amount
    if per == "month":  # monthly pay against a daily rate
        return amount / DAYS_PER_MONTH_PAID
    return amount * WORKING_DAYS_PER_MONTH
