"""A person to talk to (office hours, what happens next), the partner organisation asked to
make contact, and what the service is and is not (SAFETY 4 and 5)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.actions.help import country_of
from bot.alerts import preview, texts
from bot.channels import registry
from bot.contacts import contact_address
from bot.conversation.actions import ActionContext, ActionResult, action
from bot.text import N_, formats

OPEN_NOW = N_("We are open {days}, {start} to {end}. We will answer as soon as we can.")
CLOSED_NOW = N_("Our office is closed now. We are open {days}, {start} to {end}, and will "
                "answer then.")
URGENT = N_("If it is urgent, call {number}.")
NOT_POLICE = N_("We are not the police. We do not share what you write without asking you.")
DELETE_TIP_SMS = N_("To stay safe, delete these messages from your phone.")
DELETE_TIP_TELEGRAM = N_("To stay safe, send /delete: it removes my messages from this "
                         "chat. Then delete the chat.")


def delete_tip(ctx: ActionContext) -> str:
    """How to remove the conversation from the phone, for the channel the person uses."""
    erases = registry.get(ctx.contact.channel).erases_chat  # Telegram's /delete
    return ctx.t(DELETE_TIP_TELEGRAM if erases else DELETE_TIP_SMS)


@action("about")
def about(ctx: ActionContext) -> ActionResult:
    return ActionResult(lines=[delete_tip(ctx)])


@action("person_request")
def person_request(ctx: ActionContext) -> ActionResult:
    hours = ctx.services.office_hours
    local = ctx.now.replace(tzinfo=UTC).astimezone(ctx.services.timezone)
    values = {"days": _days(ctx, hours.days), "start": hours.start.strftime("%H:%M"),
              "end": hours.end.strftime("%H:%M")}
    lines = [ctx.t(OPEN_NOW if _is_open(local, hours) else CLOSED_NOW, **values),
             ctx.t(NOT_POLICE)]
    if ctx.services.ngo_phone:
        lines.append(ctx.t(URGENT, number=ctx.services.ngo_phone))
    lines.append(delete_tip(ctx))
    return ActionResult(lines=lines)


def _is_open(local: datetime, hours) -> bool:  # noqa: ANN001
    day = formats.WEEKDAYS[local.weekday()]
    return day in hours.days and hours.start <= local.time() < hours.end


def _days(ctx: ActionContext, days: tuple[str, ...]) -> str:
    # A hyphen, not an en dash: an en dash would make an English SMS UCS-2 (FACTS.md §3.3).
    names = [formats.weekday(day, ctx.locale) for day in days]
    return f"{names[0]}-{names[-1]}" if len(names) > 2 else ", ".join(names)


@action("ask_partner")
def ask_partner(ctx: ActionContext) -> ActionResult:
    """The person agreed: an urgent alert to the NGO partner only (never the police), which
    can answer through the service. The outbox sends it within seconds."""
    network = ctx.services.network
    if network is None:
        return ActionResult(redirect="person")
    if ctx.services.production and contact_address(ctx.services.cipher, ctx.contact) \
            .startswith("sim:"):
        # The simulator's sandbox: what would be sent, shown instead of sent.
        return ActionResult(lines=preview.migrant_notices(ctx.session, network, ctx.contact,
                                                          ctx.now))
    network.raise_for_migrant(ctx.session, ctx.contact, ctx.now)
    country = ctx.services.hotlines.for_country(country_of(ctx))
    number = (country.emergency if country else None) or ctx.services.ngo_phone
    if number is None:
        return ActionResult(lines=[ctx.t(texts.PARTNER_TOLD_NO_NUMBER)])
    return ActionResult(lines=[ctx.t(texts.PARTNER_TOLD, number=number)])
