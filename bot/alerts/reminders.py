"""Reminders of the monthly meeting, a day ahead: responders get the plain reminder in
their language; reporters, when the meeting says so, an innocuous line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.alerts import texts
from bot.alerts.meetings import next_meeting
from bot.models import Contact, MeetingReminder, Reporter
from bot.text import formats

AHEAD = timedelta(hours=24)


def send_meeting_reminders(session: Session, services, now: datetime) -> int:  # noqa: ANN001
    """Queue the reminders of meetings within the next day, once each; returns how many."""
    network = services.network
    book = network.codebook
    local_now = now.replace(tzinfo=UTC).astimezone(book.timezone).replace(tzinfo=None)
    sent = 0
    for meeting in book.meetings:
        held_at = next_meeting(meeting.when, local_now)
        if held_at - local_now > AHEAD:
            continue
        try:
            with session.begin_nested():
                session.add(MeetingReminder(meeting=meeting.when, held_at=held_at))
                session.flush()
        except IntegrityError:
            continue  # already reminded
        t = services.catalogs.gettext
        for responder_id in meeting.remind:
            responder = book.contacts[responder_id]
            sent += len(network.tell(session, responder, t(
                responder.lang, texts.MEETING_STAFF,
                date=formats.day(held_at.date(), responder.lang),
                time=held_at.strftime("%H:%M"))))
        if meeting.reporters:
            rows = session.scalars(
                select(Contact).join(Reporter, Reporter.id == Contact.reporter_id)
                .where(Reporter.active.is_(True), Contact.opted_out.is_(False)))
            for contact in rows:
                locale = contact.locale or "km"
                services.outbox.enqueue(session, contact, t(
                    locale, texts.MEETING_REPORTER, date=formats.day(held_at.date(), locale),
                    time=held_at.strftime("%H:%M")))
                sent += 1
    session.commit()
    return sent
