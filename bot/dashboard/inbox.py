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

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, jsonify, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.alerts import staff_ops
from bot.alerts.network import MIGRANT_KINDS, OPEN_STATUSES
from bot.contacts import contact_address
from bot.dashboard.access import _, requires
from bot.dashboard.blueprint import bp
from bot.dashboard.display import (
    STATUS_LABELS,
    Actors,
    age,
    channel_label,
    iso,
    network,
    version,
    when,
)
from bot.dashboard.saved_replies import language_label
from bot.logmask import mask_address
from bot.models import Alert, Contact, Message, utcnow
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
