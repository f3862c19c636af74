"""A person to talk to (office hours, what happens next), the partner organisation asked to
make contact, and what the service is and is not (SAFETY 4 and 5).

Asking for a person opens a request (an alert of kind "person", bot.alerts.network) that
the NGO's on-duty contact is told of at once. While the request is open and the person stays
at that step, what they write goes to the team, not to the question classifier
(`hold: person_message` in flows/help.yaml); MENU gives them the bot back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.actions.help import country_of
from bot.alerts import audit, preview, texts
from bot.channels import registry
from bot.contacts import contact_address
from bot.conversation.actions import ActionContext, ActionResult, action, deliver_now
from bot.text import N_, formats

OPEN_NOW = N_("We are open {days}, {start} to {end}. We will answer as soon as we can.")
CLOSED_NOW = N_("Our office is closed now. We are open {days}, {start} to {end}, and will "
                "answer then.")
URGENT = N_("If it is urgent, call {number}.")
NOT_POLICE = N_("We are not the police. We do not share what you write without asking you.")
DELETE_TIP_SMS = N_("To stay safe, delete these messages from your phone.")
# Translators: to a migrant who asked to talk to a person; {number} is their request's
# number, which staff also see.
REQUEST_NUMBER = N_("Your request number is {number}.")
# Translators: MENU is the keyword that gives back the automatic answers; use the word
# people write for it in your language (words/keywords.yaml), or MENU.
NEXT_TO_TEAM = N_("What you write now goes to our team. To use the automatic menu again, "
                  "send MENU.")
# Translators: the answer to a migrant's message while they talk to a person, at most once
# every 30 minutes. Keep it short: it is an SMS.
WITH_TEAM = N_("Your message is with our team (request {number}). MENU: back to the bot.")
# How often a person talking to the team is told their message is with it.
WITH_TEAM_EVERY = timedelta(minutes=30)
WITH_TEAM_AT = "with_team_at"  # conversation variable: when they were last told
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
    """The request is opened (or the open one reused) in the transaction of the message,
    and the person is told its number, when someone will answer, and how to get the bot
    back."""
    hours = ctx.services.office_hours
    local = ctx.now.replace(tzinfo=UTC).astimezone(ctx.services.timezone)
    is_open = _is_open(local, hours)
    values = {"days": _days(ctx, hours.days), "start": hours.start.strftime("%H:%M"),
              "end": hours.end.strftime("%H:%M")}
    lines = []
    preview_lines: list[str] = []
    network = ctx.services.network
    if network is not None:
        deadlines = ctx.services.person_deadlines
        take_within = deadlines.take_within if is_open else deadlines.take_within_closed
        if _sandboxed(ctx):
            # The production simulator: what would be sent, shown instead of sent.
            preview_lines = preview.person_notices(ctx.session, network, ctx.contact,
                                                   ctx.now, take_within)
        else:
            raised = network.raise_for_person(ctx.session, ctx.contact, take_within, ctx.now)
            deliver_now(ctx.session, raised.message_ids)  # the team is told at once
            lines.append(ctx.t(REQUEST_NUMBER, number=raised.alert.number))
            ctx.variables.pop(WITH_TEAM_AT, None)
    lines.append(ctx.t(OPEN_NOW if is_open else CLOSED_NOW, **values))
    if network is not None and not preview_lines:
        lines.append(ctx.t(NEXT_TO_TEAM))
    lines.append(ctx.t(NOT_POLICE))
    if ctx.services.ngo_phone:
        lines.append(ctx.t(URGENT, number=ctx.services.ngo_phone))
    lines.append(delete_tip(ctx))
    return ActionResult(lines=[*lines, *preview_lines])


@action("person_message")
def person_message(ctx: ActionContext) -> ActionResult | None:
    """Free text while talking to a person: it is stored with the inbound messages, where
    the team reads it (the dashboard's thread), and is not answered by the bot, but for a
    short line at most every 30 minutes. None once the request is closed: the bot answers
    again."""
    network = ctx.services.network
    if network is None or _sandboxed(ctx):
        return None
    request = network.open_person_request(ctx.session, ctx.contact)
    if request is None:
        return None
    audit.record(ctx.session, request.id, "migrant", "migrant_wrote")
    told = ctx.variables.get(WITH_TEAM_AT)
    if told and ctx.now - datetime.fromisoformat(told) < WITH_TEAM_EVERY:
        return ActionResult(lines=[])
    ctx.variables[WITH_TEAM_AT] = ctx.now.isoformat()
    return ActionResult(lines=[ctx.t(WITH_TEAM, number=request.number)])


def _sandboxed(ctx: ActionContext) -> bool:
    return ctx.services.production and contact_address(
        ctx.services.cipher, ctx.contact).startswith("sim:")


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
    if _sandboxed(ctx):
        # The simulator's sandbox: what would be sent, shown instead of sent.
        return ActionResult(lines=preview.migrant_notices(ctx.session, network, ctx.contact,
                                                          ctx.now))
    deliver_now(ctx.session, network.raise_for_migrant(ctx.session, ctx.contact,
                                                       ctx.now).message_ids)
    country = ctx.services.hotlines.for_country(country_of(ctx))
    number = (country.emergency if country else None) or ctx.services.ngo_phone
    if number is None:
        return ActionResult(lines=[ctx.t(texts.PARTNER_TOLD_NO_NUMBER)])
    return ActionResult(lines=[ctx.t(texts.PARTNER_TOLD, number=number)])
