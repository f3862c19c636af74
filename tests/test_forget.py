"""A person can be forgotten on request (SAFETY 17)."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.models import Alert
from tests.helpers import THAI_NUMBER, sql_count
from tests.test_alerts import REPORTER_PHONE, enrol


def test_a_migrant_is_forgotten(runner, send_sms, db):
    send_sms("hello")
    send_sms("6")
    send_sms("minimum wage in Bangkok")
    send_sms("2")  # tell me when it changes
    result = runner.invoke(args=["people", "forget", THAI_NUMBER, "--yes"])
    assert result.exit_code == 0, result.output
    for table in ("contacts", "messages", "conversation_states", "subscriptions"):
        assert sql_count(db, table) == 0, table
    again = runner.invoke(args=["people", "forget", THAI_NUMBER, "--yes"])
    assert again.exit_code != 0 and "nobody" in again.output


def test_a_reporters_alerts_keep_only_their_facts(runner, send_sms, db):
    pseudonym, _ = enrol(runner)
    send_sms("Y K12 2 the new girl", sender=REPORTER_PHONE)
    result = runner.invoke(args=["people", "forget", REPORTER_PHONE, "--yes"])
    assert result.exit_code == 0, result.output
    alert = db.scalar(select(Alert))
    assert (alert.code, alert.venue, alert.count) == ("Y", "K12", 2)
    assert alert.note is None and alert.contact_id is None and alert.reporter_id is None
    assert sql_count(db, "reporters") == 0
    # The responders' own contacts and messages are theirs, not the reporter's: they stay.
    assert db.execute(text("SELECT COUNT(*) FROM contacts WHERE role = 'responder'")).scalar()


def test_forgetting_asks_first(runner, send_sms, db):
    send_sms("hello")
    result = runner.invoke(args=["people", "forget", THAI_NUMBER], input="n\n")
    assert result.exit_code != 0
    assert sql_count(db, "contacts") == 1


def test_forgetting_a_reporter_blanks_what_responders_were_told(runner, send_sms, db):
    """The note and pseudonym were in the notifications: our copies of them go too."""
    from bot.models import Message, Notification

    pseudonym, _ = enrol(runner)
    send_sms("Y K12 2 she is in room 4", sender=REPORTER_PHONE)
    copies = select(Message.body).where(Message.id.in_(select(Notification.message_id)))
    assert any("room 4" in (body or "") for body in db.scalars(copies))
    result = runner.invoke(args=["people", "forget", REPORTER_PHONE, "--yes"])
    assert result.exit_code == 0, result.output
    bodies = db.scalars(copies).all()
    assert bodies and all(body is None for body in bodies)
    assert db.scalar(select(Alert.code)) == "Y"  # the facts stay
