"""The inbox of conversations (`/staff/inbox`): migrants who asked to talk to a person (alert
kind "person") or asked the NGO to contact them ("migrant"). A shared inbox in the way of
Chatwoot and Aselo: tabs (open, mine, all, closed), assignment, the thread in the person's
language with an English gloss of what the bot told them, saved replies, and replies that
leave on the person's own channel with their delivery state. NGO and admins only: the
police never see a migrant's conversation (SAFETY 8), whatever URL they type.

Every call on an alert goes through bot.alerts.staff_ops (which audits); opening a
conversation is a view in the audit trail, listing the inbox and polling are not. The saved
replies' pages are bot.dashboard.saved_replies: importing it here adds their routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.alerts import staff_ops, texts
from bot.alerts.network import MIGRANT_KINDS, OPEN_STATUSES
from bot.alerts.outcomes import AlreadyClosed, AlreadyTaken, BadOutcome, NotAllowed, UnknownAlert
from bot.contacts import contact_address
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
from bot.dashboard.saved_replies import clean_text, language_label, saved_for
from bot.logmask import mask_address
from bot.models import Alert, Contact, Message, SavedReply, utcnow
from bot.services import services
from bot.sessions import get_session
from bot.text import N_
from bot.text.gloss import Glossaries

ROLES = ("ngo",)  # and admin, always
TABS = {
    "open": N_("Not taken"),
    "mine": N_("Mine"),
    "all": N_("All open"),
    "closed": N_("Closed"),
}
DEFAULT_TAB = "all"
CLOSED_SHOWN = 200  # the most recent closed conversations listed
MAX_REPLY = 1000
MAX_NOTE = staff_ops.MAX_TEXT
POLL_SECONDS = 5

KIND_LABELS = {
    "person": N_("asks to talk to a person"),
    "migrant": N_("asked our partner to contact them"),
}


# -- small helpers ---------------------------------------------------------------------------


def glossaries() -> Glossaries:
    """The reverse index of the catalogs, built once per process (per language on first
    use)."""
    found = current_app.extensions.get("staff_inbox_gloss")
    if found is None:
        found = Glossaries(services().catalogs)
        current_app.extensions["staff_inbox_gloss"] = found
    return found


def mine(alert: Alert) -> bool:
    taken_by = alert.acknowledged_by
    return alert.status == "acknowledged" and taken_by is not None and (
        taken_by == current_user.actor
        or (current_user.responder is not None and taken_by == current_user.responder))


def masked(contact: Contact | None) -> str:
    if contact is None:
        return "-"
    try:
        return mask_address(contact_address(services().cipher, contact))
    except Exception:  # noqa: BLE001 - an address that cannot be read is shown as unknown
        return "-"


# -- the inbox -------------------------------------------------------------------------------

@dataclass
class Row:
    number: int
    kind: str
    age: str
    opened: str
    opened_iso: str
    language: str
    locale: str | None
    channel: str
    address: str
    status: str
    status_label: str
    holder: str
    mine: bool
    last_in: str
    last_in_iso: str
    last_in_age: str


def _conversations(session: Session, statuses: tuple[str, ...]) -> list[Alert]:
    return [alert for alert in staff_ops.visible_alerts(session, network(), current_user.role,
                                                         statuses)
            if alert.kind in MIGRANT_KINDS]


def _rows(session: Session, alerts: list[Alert], now: datetime) -> list[Row]:
    contact_ids = sorted({a.contact_id for a in alerts if a.contact_id is not None})
    contacts: dict[int, Contact] = {}
    last_in: dict[int, datetime] = {}
    if contact_ids:
        contacts = {c.id: c for c in session.scalars(
            select(Contact).where(Contact.id.in_(contact_ids)))}
        last_in = dict(session.execute(
            select(Message.contact_id, func.max(Message.created_at))
            .where(Message.contact_id.in_(contact_ids), Message.direction == "in")
            .group_by(Message.contact_id)).all())
    actors = Actors(session)
    rows = []
    for alert in alerts:
        contact = contacts.get(alert.contact_id) if alert.contact_id is not None else None
        channel = contact.channel if contact else ""
        latest = last_in.get(contact.id) if contact else None
        rows.append(Row(
            number=alert.number, kind=alert.kind, age=age(alert.created_at, now),
            opened=when(alert.created_at), opened_iso=iso(alert.created_at),
            language=language_label(contact.locale if contact else None),
            locale=contact.locale if contact else None,
            channel=channel_label(channel),
            address=masked(contact), status=alert.status,
            status_label=_(STATUS_LABELS.get(alert.status, alert.status)),
            holder=actors.label(alert.acknowledged_by) if alert.status != "open" else "",
            mine=mine(alert), last_in=when(latest), last_in_iso=iso(latest),
            last_in_age=age(latest, now)))
    return rows


def _tab() -> str:
    tab = request.args.get("tab", DEFAULT_TAB)
    return tab if isinstance(tab, str) and tab in TABS else DEFAULT_TAB


def _listing(session: Session, tab: str) -> dict:
    now = utcnow()
    active = _conversations(session, OPEN_STATUSES)
    counts = {"open": sum(a.status == "open" for a in active),
              "mine": sum(mine(a) for a in active), "all": len(active)}
    if tab == "closed":
        chosen = _conversations(session, ("closed",))
        chosen.sort(key=lambda a: (a.closed_at or a.updated_at or a.created_at, a.id),
                    reverse=True)
        chosen = chosen[:CLOSED_SHOWN]
    elif tab == "open":
        chosen = [a for a in active if a.status == "open"]
    elif tab == "mine":
        chosen = [a for a in active if mine(a)]
    else:
        chosen = active
    tabs = [{"id": key, "label": _(label), "count": counts.get(key),
             "url": url_for("staff.inbox", tab=key), "current": key == tab}
            for key, label in TABS.items()]
    return {"rows": _rows(session, chosen, now), "tab": tab, "tabs": tabs,
            "tab_label": _(TABS[tab])}


def _rendered_inbox(session: Session, tab: str) -> str:
    return render_template("staff/inbox.html", partial=True, **_listing(session, tab))


@bp.get("/inbox")
@requires(*ROLES)
def inbox():
    session = get_session()
    tab = _tab()
    html = _rendered_inbox(session, tab)
    session.rollback()  # nothing to keep: listing is not audited
    # The region is this app's own autoescaped template output, rendered once for the page
    # and its version alike.
    region = Markup(html)  # noqa: S704
    return render_template("staff/inbox.html", partial=False, region=region,
                           version=version(html), tab=tab, poll_seconds=POLL_SECONDS,
                           feed_url=url_for("staff.inbox_feed", tab=tab))


@bp.get("/inbox/feed")
@requires(*ROLES)
def inbox_feed():
    session = get_session()
    html = _rendered_inbox(session, _tab())
    session.rollback()
    return jsonify(version=version(html), html=html)


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

