"""What the staff dashboard does with alerts, for any web layer to call: the alerts a role
may see, taking, closing, notes, answering a migrant, and the alert's history (audit trail,
notifications and the person's messages).

`actor` is "staff:<account id>", `role` is "admin" | "ngo" | "police". Refusals are the
exceptions of bot.alerts.outcomes (and ValueError for a text that cannot be kept). The
police unit sees coded alerts only, never a migrant's or a person request (SAFETY 8), and
never who reported. Every function flushes and leaves the commit to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from bot.alerts import audit
from bot.alerts.network import MIGRANT_KINDS, OPEN_STATUSES, AlertNetwork
from bot.alerts.outcomes import Acted, AlreadyTaken, BadOutcome, NotAllowed, UnknownAlert
from bot.alerts.texts import OUTCOMES
from bot.models import Alert, AlertNote, AuditEvent, Message, Notification, Reporter

POLICE = "police"
ROLES = ("admin", "ngo", POLICE)
MAX_TEXT = 2000
THREAD_BEFORE = timedelta(hours=24)
# Detail keys of audit events that may name a reporter: never shown to the police.
REPORTER_KEYS = frozenset({"reporter", "pseudonym", "from", "reported_by"})


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime  # naive UTC
    actor: str  # "ngo-duty", "staff:3", "clock", "migrant"; "reporter" for the police
    event: str  # "received", "notified", "acknowledged", "viewed", ...
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NotificationEntry:
    """One message that told a responder of the alert, and how far it got."""

    at: datetime  # naive UTC, when it was queued
    step: int  # 1-based step of the ladder
    responder: str  # contact id in the alerts file
    channel: str | None  # None when the message row is gone
    status: str | None  # the outbox's: queued, sent, delivered, failed, ...
    message_id: int | None


def _police(role: str) -> bool:
    if role not in ROLES:
        raise NotAllowed(role)  # access is denied unless a role grants it (SAFETY 16)
    return role == POLICE


def _visible_to(alert: Alert, role: str) -> bool:
    return not _police(role) or alert.kind == "coded"


def visible_alerts(session: Session, network: AlertNetwork, role: str,
                   statuses: Iterable[str] = OPEN_STATUSES) -> list[Alert]:
    """The alerts of these statuses the role may see: urgent first, then oldest first."""
    query = select(Alert).where(Alert.status.in_(list(statuses)))
    if _police(role):
        query = query.where(Alert.kind == "coded")
    urgent_first = case((Alert.severity == network.codebook.top_severity, 0), else_=1)
    return list(session.scalars(query.order_by(urgent_first, Alert.created_at, Alert.id)))


def visible_alert(session: Session, network: AlertNetwork, number: int, role: str) -> Alert:
    """The alert of this number, if the role may see it; UnknownAlert otherwise (the same
    answer for a number that does not exist)."""
    alert = session.scalar(select(Alert).where(Alert.number == number))
    if alert is None or not _visible_to(alert, role):
        raise UnknownAlert(number)
    return alert


def take(session: Session, network: AlertNetwork, number: int, actor: str,
         role: str) -> Acted:
    """The staff member takes the open alert: its later steps are cancelled and every
    responder notified is told who took it. Taking one's own again changes nothing."""
    alert = visible_alert(session, network, number, role)
    if alert.status == "acknowledged" and alert.acknowledged_by == actor:
        return Acted(alert, actor, "acknowledged", [])
    try:
        return network.take(session, alert, actor)
    except AlreadyTaken as taken:
        if taken.args[0] == actor:
            return Acted(alert, actor, "acknowledged", [])
        raise


def close(session: Session, network: AlertNetwork, number: int, outcome: str,
          note: str | None, actor: str, role: str) -> Acted:
    """Close with one of texts.OUTCOMES and an optional note (kept in Alert.close_note, out
    of the audit trail); for the NGO and admins, not the police."""
    if _police(role):
        raise NotAllowed(number)
    if outcome not in OUTCOMES:
        raise BadOutcome(outcome)
    alert = visible_alert(session, network, number, role)
    note = (note or "").strip()[:MAX_TEXT] or None
    return network.close_alert(session, alert, outcome, note, actor)


def add_note(session: Session, network: AlertNetwork, number: int, text: str, actor: str,
             role: str) -> AlertNote:
    """An NGO note on the alert; the audit trail records that one was written, not what."""
    if _police(role):
        raise NotAllowed(number)
    alert = visible_alert(session, network, number, role)
    note = AlertNote(alert_id=alert.id, author=actor, text=_checked_text(text))
    session.add(note)
    session.flush()
    audit.record(session, alert.id, actor, "noted", note=note.id)
    return note


def reply_to_person(session: Session, network: AlertNetwork, number: int, text: str,
                    actor: str, role: str) -> list[Message]:
    """Answer the migrant behind a person request or a migrant alert, on their own channel,
    framed in their language; a request nobody has taken is the replier's first."""
    if _police(role):
        raise NotAllowed(number)
    alert = visible_alert(session, network, number, role)
    if alert.kind not in MIGRANT_KINDS or alert.contact_id is None:
        raise UnknownAlert(number)
    body = _checked_text(text)
    network.take_if_open(session, alert, actor)
    return network.send_to_migrant(session, alert, body, actor)


def record_view(session: Session, alert: Alert, actor: str) -> None:
    """Who looked at the alert and when (SAFETY 15)."""
    audit.record(session, alert.id, actor, "viewed")
    session.flush()


def timeline(session: Session, network: AlertNetwork, alert: Alert,
             role: str) -> list[TimelineEntry]:
    """The alert's audit events in order. For the police a reporter is "reporter", and no
    detail that could name one is shown."""
    police = _police(role)
    if police and alert.kind != "coded":
        raise UnknownAlert(alert.number)
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.alert_id == alert.id)
                                  .order_by(AuditEvent.at, AuditEvent.id)))
    if not police:
        return [TimelineEntry(e.at, e.actor, e.event, dict(e.detail or {})) for e in events]
    pseudonyms = _pseudonyms(session, alert, events)
    entries = []
    for event in events:
        detail = {key: value for key, value in (event.detail or {}).items()
                  if key not in REPORTER_KEYS and value not in pseudonyms}
        actor = "reporter" if event.actor in pseudonyms else event.actor
        entries.append(TimelineEntry(event.at, actor, event.event, detail))
    return entries


def _pseudonyms(session: Session, alert: Alert, events: list[AuditEvent]) -> set[str]:
    """Every reporter's pseudonym that appears among the events (and the alert's own)."""
    candidates = {event.actor for event in events}
    candidates |= {value for event in events for value in (event.detail or {}).values()
                   if isinstance(value, str)}
    found = set(session.scalars(select(Reporter.pseudonym).where(
        Reporter.pseudonym.in_(sorted(candidates))))) if candidates else set()
    if alert.reporter_id is not None:
        own = session.get(Reporter, alert.reporter_id)
        if own is not None:
            found.add(own.pseudonym)
    return found


def notifications(session: Session, alert: Alert, role: str) -> list[NotificationEntry]:
    """Who was told of the alert, at which step, on which channel, and the delivery state
    of each message. The police see responder ids only (and coded alerts only)."""
    if _police(role) and alert.kind != "coded":
        raise UnknownAlert(alert.number)
    rows = session.execute(
        select(Notification, Message.channel, Message.status)
        .outerjoin(Message, Message.id == Notification.message_id)
        .where(Notification.alert_id == alert.id)
        .order_by(Notification.created_at, Notification.id)).all()
    return [NotificationEntry(at=n.created_at, step=n.step + 1, responder=n.responder,
                              channel=channel, status=status, message_id=n.message_id)
            for n, channel, status in rows]


def thread(session: Session, alert: Alert, role: str) -> list[Message]:
    """The migrant's messages in and out, from a day before the alert on, oldest first (for
    a person request or a migrant alert; a coded alert has none to show)."""
    if _police(role):
        raise NotAllowed(alert.number)
    if alert.kind not in MIGRANT_KINDS or alert.contact_id is None:
        return []
    return list(session.scalars(select(Message).where(
        Message.contact_id == alert.contact_id,
        Message.created_at >= alert.created_at - THREAD_BEFORE)
        .order_by(Message.created_at, Message.id)))


def _checked_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValueError("the text is empty")
    if len(text) > MAX_TEXT:
        raise ValueError(f"the text is longer than {MAX_TEXT} characters")
    return text
