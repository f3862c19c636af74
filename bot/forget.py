"""Forgetting a person on request (SAFETY 17): every message and identifier of theirs is
erased; alerts they sent keep only their structured fields (code, venue, time, count).

    flask --app app people forget +66812345678
    flask --app app people forget --telegram 123456789

(the command is in `bot/cli/people.py`)
"""

from __future__ import annotations

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.db import rowcount
from bot.models import (
    Alert,
    Contact,
    ConversationState,
    Message,
    NoticeSent,
    Notification,
    Reporter,
    Subscription,
)


def forget(session: Session, contact: Contact) -> dict[str, int]:
    """Erase the contact; returns how many rows of each kind went."""
    counts = {}
    theirs = select(Alert.id).where(or_(Alert.contact_id == contact.id, and_(
        Alert.reporter_id.is_not(None), Alert.reporter_id == contact.reporter_id)))
    # Our copies of what responders were told carry the notes and the pseudonym.
    counts["notification copies blanked"] = rowcount(session.execute(
        update(Message).where(Message.id.in_(select(Notification.message_id).where(
            Notification.alert_id.in_(theirs)))).values(body=None, buttons=None)))
    alerts = update(Alert).where(Alert.contact_id == contact.id)
    counts["alerts kept without identity"] = rowcount(session.execute(
        alerts.values(note=None, contact_id=None, reporter_id=None)))
    subscriptions = select(Subscription.id).where(Subscription.contact_id == contact.id)
    session.execute(delete(NoticeSent).where(NoticeSent.subscription_id.in_(subscriptions)))
    for model in (Subscription, ConversationState, Message):
        counts[model.__tablename__] = rowcount(session.execute(
            delete(model).where(model.contact_id == contact.id)))
    reporter_id = contact.reporter_id
    session.delete(contact)
    session.flush()
    if reporter_id is not None:
        others = session.scalar(select(func.count(Contact.id)).where(
            Contact.reporter_id == reporter_id))
        if not others:  # the pseudonym named this person: it goes with them
            session.execute(update(Alert).where(Alert.reporter_id == reporter_id)
                            .values(reporter_id=None, note=None))
            session.execute(delete(Reporter).where(Reporter.id == reporter_id))
            counts["reporters"] = 1
    return counts

