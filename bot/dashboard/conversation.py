"""One conversation of the inbox (`/staff/inbox/<number>`): the thread in the person's
language with an English gloss of what the bot told them, refreshed in place from its feed,
and assigning, answering and closing it. NGO and admins only (SAFETY 8); every call on the
alert goes through bot.alerts.staff_ops, and opening the page is a view in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session

from bot.alerts import staff_ops, texts
from bot.alerts.network import MIGRANT_KINDS
from bot.alerts.outcomes import AlreadyClosed, AlreadyTaken, BadOutcome, NotAllowed, UnknownAlert
from bot.dashboard.access import _, requires
from bot.dashboard.blueprint import bp
from bot.dashboard.display import (
    DELIVERY_LABELS,
    MAX_NUMBER_DIGITS,
    STATUS_LABELS,
    Actors,
    age,
    channel_label,
    iso,
    network,
    parse_number,
    version,
    when,
)
from bot.dashboard.inbox import (
    KIND_LABELS,
    MAX_NOTE,
    MAX_REPLY,
    POLL_SECONDS,
    ROLES,
    glossaries,
    masked,
    mine,
)
from bot.dashboard.saved_replies import clean_text, language_label, saved_for
from bot.models import Alert, Contact, SavedReply, utcnow
from bot.services import services
from bot.sessions import get_session

# -- one conversation ------------------------------------------------------------------------

@dataclass
class Line:
    """One message of the thread as the page shows it."""

    id: int
    direction: str  # in | out
    at: str
    at_iso: str
    author: str
    by_staff: bool
    text: str | None  # None once purged (SAFETY 14)
    gloss: str | None
    status: str | None
    status_label: str | None
    buttons: list[dict] = field(default_factory=list)  # {"text", "gloss"}
    pressed: bool = False  # an inbound button press, shown by the button's label


def _visible(session: Session, number: int) -> Alert:
    """The conversation of this number, or 404 for any other kind or an unknown number."""
    try:
        alert = staff_ops.visible_alert(session, network(), number, current_user.role)
    except UnknownAlert:
        abort(404)
    if alert.kind not in MIGRANT_KINDS:
        abort(404)
    return alert


def _lines(session: Session, alert: Alert, person_locale: str | None) -> list[Line]:
    try:
        messages = staff_ops.thread(session, alert, current_user.role)
    except NotAllowed:
        abort(403)
    actors = Actors(session)
    index = glossaries()
    pressable: dict[str, str] = {}  # callback data of the buttons shown so far → label
    lines = []
    for message in messages:
        outbound = message.direction == "out"
        bot_wrote = outbound and not message.author
        if not outbound:
            author = _("the person")
        elif bot_wrote:
            author = _("the bot")
        else:
            author = actors.label(message.author)
        buttons = []
        for row in message.buttons or []:
            for button in row if isinstance(row, list) else []:
                if isinstance(button, dict) and isinstance(button.get("text"), str):
                    label = button["text"]
                    buttons.append({"text": label,
                                    "gloss": index.gloss(person_locale, label)})
                    if isinstance(button.get("callback_data"), str):
                        pressable[button["callback_data"]] = label
        text, gloss, pressed = message.body, None, False
        if bot_wrote:
            gloss = index.gloss(person_locale, text)
        elif not outbound and text in pressable:
            # A Telegram button press arrives as its token ("o:2:6"): show its label.
            text, pressed = pressable[text], True
            gloss = index.gloss(person_locale, text)
        lines.append(Line(
            id=message.id, direction="out" if outbound else "in",
            at=when(message.created_at), at_iso=iso(message.created_at), author=author,
            by_staff=outbound and not bot_wrote, text=text, gloss=gloss, pressed=pressed,
            status=message.status if outbound else None,
            status_label=_(DELIVERY_LABELS[message.status])
            if outbound and message.status in DELIVERY_LABELS
            else (message.status if outbound else None),
            buttons=buttons))
    return lines


def _conversation_context(session: Session, alert: Alert) -> dict:
    contact = session.get(Contact, alert.contact_id) if alert.contact_id is not None else None
    person_locale = contact.locale if contact else None
    actors = Actors(session)
    now = utcnow()
    channel = contact.channel if contact else ""
    return {
        "alert": alert,
        "number": alert.number,
        "kind_label": _(KIND_LABELS.get(alert.kind, alert.kind)),
        "status_label": _(STATUS_LABELS.get(alert.status, alert.status)),
        "holder": actors.label(alert.acknowledged_by) if alert.status != "open" else "",
        "mine": mine(alert),
        "outcome_label": _(texts.OUTCOMES[alert.outcome])
        if alert.outcome in texts.OUTCOMES else (alert.outcome or ""),
        "opened": when(alert.created_at), "opened_iso": iso(alert.created_at),
        "age": age(alert.created_at, now),
        "closed": when(alert.closed_at), "closed_iso": iso(alert.closed_at),
        "person_locale": person_locale,
        "language": language_label(person_locale),
        "channel": channel_label(channel),
        "address": masked(contact),
        "reachable": contact is not None,
        "opted_out": bool(contact and contact.opted_out),
        "lines": _lines(session, alert, person_locale),
    }


def _rendered_thread(session: Session, alert: Alert) -> str:
    return render_template("staff/conversation.html", partial=True,
                           **_conversation_context(session, alert))


def _page(session: Session, alert: Alert, text: str = "", status: int = 200):
    """The conversation page (recording the view); `text` refills the reply box."""
    staff_ops.record_view(session, alert, current_user.actor)
    session.commit()
    context = _conversation_context(session, alert)
    region = render_template("staff/conversation.html", partial=True, **context)
    shown = Markup(region)  # noqa: S704 - this app's own autoescaped template output
    saved = saved_for(session, context["person_locale"])
    outcomes = [(code, _(label)) for code, label in texts.OUTCOMES.items()]
    return render_template(
        "staff/conversation.html", partial=False, region=shown, version=version(region),
        feed_url=url_for("staff.conversation_feed", number=str(alert.number)),
        poll_seconds=POLL_SECONDS, saved=saved, text=text, outcomes=outcomes,
        max_reply=MAX_REPLY, max_note=MAX_NOTE, **context), status


@bp.get("/inbox/<number>")
@requires(*ROLES)
def conversation(number: str):
    session = get_session()
    alert = _visible(session, parse_number(number))
    text = ""
    use = request.args.get("use")
    if use is not None:
        # Without JavaScript the saved-reply picker fills the reply box through the URL.
        contact = session.get(Contact, alert.contact_id) if alert.contact_id else None
        chosen = (session.get(SavedReply, int(use))
                  if use.isascii() and use.isdigit() and len(use) <= MAX_NUMBER_DIGITS
                  else None)
        if chosen is not None and contact is not None and chosen.locale == contact.locale:
            text = chosen.body
        else:
            flash(_("That saved reply is not there for this person's language."), "error")
    return _page(session, alert, text)


@bp.get("/inbox/<number>/feed")
@requires(*ROLES)
def conversation_feed(number: str):
    session = get_session()
    alert = _visible(session, parse_number(number))
    html = _rendered_thread(session, alert)
    session.rollback()
    return jsonify(version=version(html), html=html)


def _back(number: int):
    return redirect(url_for("staff.conversation", number=str(number)))


def _deliver(message_ids: list[int]) -> None:
    """Send now; whatever does not leave, the outbox's clock retries."""
    if message_ids:
        services().outbox.deliver(get_session(), message_ids)


def _refused(session: Session, number: int, error: Exception):
    session.rollback()
    if isinstance(error, NotAllowed):
        abort(403)
    if isinstance(error, AlreadyTaken):
        who = Actors(session).label(str(error.args[0]) if error.args else "")
        flash(_("Someone else has this conversation: {who}.", who=who), "error")
    elif isinstance(error, AlreadyClosed):
        flash(_("This conversation is closed already."), "error")
    return _back(number)


@bp.post("/inbox/<number>/assign")
@requires(*ROLES)
def assign(number: str):
    value = parse_number(number)
    session = get_session()
    _visible(session, value)
    try:
        acted = staff_ops.take(session, network(), value, current_user.actor,
                               current_user.role)
    except UnknownAlert:
        abort(404)
    except (AlreadyTaken, AlreadyClosed, NotAllowed) as error:
        return _refused(session, value, error)
    session.commit()
    _deliver(acted.told)
    flash(_("The conversation is yours now."), "info")
    return _back(value)


@bp.post("/inbox/<number>/reply")
@requires(*ROLES)
def reply(number: str):
    value = parse_number(number)
    session = get_session()
    alert = _visible(session, value)
    raw = request.form.get("text", "")
    text = clean_text(raw, MAX_REPLY)
    refill = raw[:MAX_REPLY * 2] if isinstance(raw, str) and "\x00" not in raw else ""
    if alert.status == "closed":
        flash(_("This conversation is closed: the reply was not sent."), "error")
        return _page(session, alert, refill, 400)
    if text is None:
        flash(_("Write a reply of at most {max} characters.", max=MAX_REPLY), "error")
        return _page(session, alert, refill, 400)
    try:
        queued = staff_ops.reply_to_person(session, network(), value, text,
                                           current_user.actor, current_user.role)
    except NotAllowed:
        session.rollback()
        abort(403)
    except UnknownAlert:
        session.rollback()
        flash(_("This person cannot be reached any more: their data was erased."), "error")
        return _page(session, _visible(session, value), refill, 400)
    except ValueError:
        session.rollback()
        flash(_("Write a reply of at most {max} characters.", max=MAX_REPLY), "error")
        return _page(session, _visible(session, value), refill, 400)
    session.commit()
    _deliver([message.id for message in queued])
    flash(_("Your reply is on its way."), "info")
    return _back(value)


@bp.post("/inbox/<number>/close")
@requires(*ROLES)
def close_conversation(number: str):
    value = parse_number(number)
    session = get_session()
    alert = _visible(session, value)
    outcome = request.form.get("outcome", "")
    note_raw = request.form.get("note", "")
    note = None
    if note_raw and note_raw.strip():
        note = clean_text(note_raw, MAX_NOTE)
        if note is None:
            flash(_("The note can have at most {max} characters.", max=MAX_NOTE), "error")
            return _page(session, alert, status=400)
    if outcome not in texts.OUTCOMES:
        flash(_("Choose how the conversation ended."), "error")
        return _page(session, alert, status=400)
    try:
        acted = staff_ops.close(session, network(), value, outcome, note, current_user.actor,
                                current_user.role)
    except UnknownAlert:
        abort(404)
    except BadOutcome:
        session.rollback()
        flash(_("Choose how the conversation ended."), "error")
        return _page(session, _visible(session, value), status=400)
    except (AlreadyClosed, NotAllowed) as error:
        return _refused(session, value, error)
    session.commit()
    _deliver(acted.told)
    flash(_("The conversation is closed."), "info")
    return _back(value)

