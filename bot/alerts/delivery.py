"""A notification the provider could not deliver (SAFETY 11): sent again on the responder's
other channel when one was not used yet, and when nobody of that step can be reached any
more, the next step of the ladder is brought forward, as if this one had not been reached.
Both go into the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.alerts import audit
from bot.db import rowcount
from bot.models import Alert, Escalation, Message, Notification, utcnow

FAILED = ("undelivered", "failed")
# A message in one of these may still reach its reader.
REACHING = ("queued", "sending", "sent", "delivered", "read", "answered")


def delivery_failed(session: Session, network, message_id: int,  # noqa: ANN001
                    now: datetime | None = None) -> list[int]:
    """Outbox ids to send now (the other channel), after a failed delivery report."""
    notification = session.scalar(select(Notification).where(
        Notification.message_id == message_id))
    if notification is None:
        return []
    alert = session.get(Alert, notification.alert_id)
    if alert is None or alert.status != "open":
        return []
    responder = network.codebook.contacts.get(notification.responder)
    step_rows = session.execute(
        select(Notification.responder, Message.channel, Message.status)
        .join(Message, Message.id == Notification.message_id)
        .where(Notification.alert_id == alert.id, Notification.step == notification.step)
    ).all()
    message_ids: list[int] = []
    if responder is not None:
        used = {channel for who, channel, _ in step_rows if who == responder.id}
        for channel, address in responder.addresses:
            if channel in used:
                continue
            for message in network.send_on(session, responder, alert, notification.step,
                                           channel, address):
                message_ids.append(message.id)
            audit.record(session, alert.id, "clock", "resent", responder=responder.id,
                         channel=channel)
    if message_ids or any(status in REACHING for _, _, status in step_rows):
        return message_ids
    brought = rowcount(session.execute(
        update(Escalation).where(Escalation.alert_id == alert.id,
                                 Escalation.status == "pending",
                                 Escalation.step == notification.step + 1)
        .values(due_at=now or utcnow())))
    if brought:
        audit.record(session, alert.id, "clock", "escalated_early", step=notification.step + 2,
                     reason="nobody of the step could be reached")
    return message_ids
