"""Coded alerts from peer educators, through the real HTTP routes, with local servers
standing in for Twilio's REST API and the Telegram Bot API."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.models import Alert, AppendOnlyError, AuditEvent, Escalation, Message, Reporter, utcnow
from bot.sessions import new_session
from tests.helpers import CAMBODIAN_NUMBER, sql_count
from tests.test_twilio_sms import twiml_messages

REPORTER_PHONE = "+85512777001"
NGO_DUTY, NGO_MANAGER = "+85512000001", "+85512000002"
ATU_CHIEF, ATU_DEPUTY = "+85512000003", "+85512000004"
NGO_CHAT = 1001
FORBIDDEN_TO_REPORTERS = ("alert", "police", "trafficking", "abuse", "report")


def enrol(runner, phone: str | None = REPORTER_PHONE, role: str = "peer_educator") -> tuple:
    args = ["peers", "add", *([phone] if phone else []), "--role", role, "--venues", "K12",
            "--lang", "km"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    pseudonym = re.search(r"enrolled (\S+)", result.output).group(1)
    code = re.search(r"JOIN ([A-Z0-9]+)", result.output).group(1)
    return pseudonym, code


def sms_to(fake_twilio, number: str) -> list[str]:
    return [r.form["Body"] for r in fake_twilio.sent if r.form["To"] == number]


@pytest.mark.parametrize("text", ["Y K12 2", "y  k12 ၂", "Y, K12, ២"])
def test_a_coded_message_raises_one_alert_and_reaches_step_one(
        runner, send_sms, fake_twilio, fake_telegram, db, text):
    pseudonym, _ = enrol(runner)
    started = time.monotonic()
    answer = twiml_messages(send_sms(text, sender=REPORTER_PHONE))
    assert time.monotonic() - started < 2
    assert answer == ["OK 1"]  # the file's ack_reply and nothing else
    alert = db.scalar(select(Alert))
    assert (alert.code, alert.venue, alert.count, alert.severity) == ("Y", "K12", 2, "urgent")
    assert sql_count(db, "alerts") == 1
    # Every step-1 contact has had its SMS by the time the webhook answered.
    for number in (NGO_DUTY, ATU_CHIEF):
        [body] = sms_to(fake_twilio, number)
        assert "1" in body and "K12" in body and "Karaoke on Street 7" in body
    assert sms_to(fake_twilio, NGO_MANAGER) == [] and sms_to(fake_twilio, ATU_DEPUTY) == []
    [telegram] = fake_telegram.calls("sendMessage")
    assert int(telegram["chat_id"]) == NGO_CHAT
    [[button]] = telegram["reply_markup"]["inline_keyboard"]
    assert button["callback_data"] == "ack:1"


def test_the_same_code_again_within_ten_minutes_updates_the_alert(runner, send_sms, db,
                                                                    fake_twilio):
    pseudonym, _ = enrol(runner)
    for text in ("Y K12 2", "y  k12 ၃", "Y, K12, ២ near the back door"):
        assert twiml_messages(send_sms(text, sender=REPORTER_PHONE)) == ["OK 1"]
    alert = db.scalar(select(Alert))
    assert sql_count(db, "alerts") == 1 and alert.count == 2
    assert alert.note == "near the back door"
    first, *updates = sms_to(fake_twilio, NGO_DUTY)  # the alert once, then what is new
    assert first.startswith("Urgent alert 1") and len(updates) == 2
    assert updates[0].startswith("Update to alert 1:") and "Number of people: 3." in updates[0]
    assert "near the back door" in updates[1] and "Number of people: 2." in updates[1]
    police = sms_to(fake_twilio, ATU_CHIEF)
    assert len(police) == 3 and all(pseudonym not in body for body in police)


def test_police_never_learn_who_reported(runner, send_sms, fake_twilio, fake_telegram, db):
    pseudonym, _ = enrol(runner)
    send_sms("Y K12 2 she looks 15", sender=REPORTER_PHONE)
    police = sms_to(fake_twilio, ATU_CHIEF)
    ngo = sms_to(fake_twilio, NGO_DUTY)
    assert police and ngo
    for body in police:
        assert pseudonym not in body
        assert REPORTER_PHONE[-4:] not in body and REPORTER_PHONE[1:] not in body
    assert any(pseudonym in body for body in ngo)  # the NGO knows its peer educator


def test_duress_code_raises_priority_and_the_answer_stays_ordinary(runner, send_sms, db):
    enrol(runner)
    answer = twiml_messages(send_sms("X K12", sender=REPORTER_PHONE))
    assert answer == ["OK 1"]
    alert = db.scalar(select(Alert))
    assert alert.duress and alert.severity == "urgent"


def test_unknown_code_or_venue_gets_an_innocuous_request(runner, send_sms, db, catalogs):
    enrol(runner)
    for text in ("Q K12 2", "Y K99 2"):
        [answer] = twiml_messages(send_sms(text, sender=REPORTER_PHONE))
        assert answer == catalogs.gettext("km", "Sorry, I did not get that. Please send it again.")
    assert sql_count(db, "alerts") == 0


def test_someone_not_enrolled_raises_nothing_and_hears_of_no_codes(send_sms, db, fake_twilio):
    send_sms("hello", sender=CAMBODIAN_NUMBER)
    send_sms("6", sender=CAMBODIAN_NUMBER)  # English
    answer = " ".join(twiml_messages(send_sms("Y K12 2", sender=CAMBODIAN_NUMBER))).lower()
    assert sql_count(db, "alerts") == 0 and fake_twilio.sent == []
    for word in ("code", "alert", "venue", "k12"):
        assert word not in answer


def test_a_strangers_code_is_not_credited_to_an_enrolled_reporter(runner, send_sms, db,
                                                                   fake_twilio):
    """With a reporter enrolled and no alert open, a stranger's coded message raises none."""
    enrol(runner)
    send_sms("hello", sender=CAMBODIAN_NUMBER)
    send_sms("6", sender=CAMBODIAN_NUMBER)
    send_sms("Y K12 2", sender=CAMBODIAN_NUMBER)
    assert sql_count(db, "alerts") == 0 and fake_twilio.sent == []


def test_notifications_are_stored_as_sent(runner, send_sms, db):
    """Not only requested: the provider accepted them, and the row says so."""
    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    statuses = db.scalars(select(Message.status).where(
        Message.direction == "out", Message.reply_to_id.is_(None))).all()
    assert statuses and set(statuses) <= {"sent", "delivered"}


def test_a_revoked_reporter_codes_stop_at_once(runner, send_sms, db):
    pseudonym, _ = enrol(runner)
    assert runner.invoke(args=["peers", "revoke", pseudonym]).exit_code == 0
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    assert sql_count(db, "alerts") == 0


def test_join_code_over_telegram_then_a_code(runner, send_update, fake_telegram, db, catalogs):
    from tests.helpers import telegram_text

    pseudonym, code = enrol(runner, phone=None, role="watchdog")
    assert pseudonym.startswith("WD-")
    def last_to_reporter() -> str:
        return [c for c in fake_telegram.calls("sendMessage") if int(c["chat_id"]) == 4242][-1]

    send_update(telegram_text(4242, f"join {code.lower()}"))
    assert last_to_reporter()["text"] == catalogs.gettext("km", "Welcome. You are connected now.")
    send_update(telegram_text(4242, "D K12"))
    assert last_to_reporter()["text"] == "OK 1"
    assert db.scalar(select(Alert.code)) == "D"
    # The code is used up: nobody else can join with it.
    send_update(telegram_text(4343, f"JOIN {code}"))
    send_update(telegram_text(4343, "D K12"))
    assert sql_count(db, "alerts") == 1


def test_a_code_stops_enrolling_phones_once_its_reporter_is_enrolled_by_phone(
        runner, send_sms, send_update, fake_telegram, db, catalogs):
    from tests.helpers import telegram_text

    pseudonym, code = enrol(runner)  # enrolled with REPORTER_PHONE, and given a code
    other_phone = "+85512777002"
    joined = twiml_messages(send_sms(f"JOIN {code}", sender=other_phone))
    assert catalogs.gettext("km", "Welcome. You are connected now.") not in joined
    send_sms("Y K12 2", sender=other_phone)
    assert sql_count(db, "alerts") == 0  # the other phone is nobody
    assert sql_count(db, "contacts", "reporter_id IS NOT NULL") == 1
    # The code can still add the reporter's own Telegram chat, once.
    send_update(telegram_text(4242, f"JOIN {code}"))
    send_update(telegram_text(4242, "D K12"))
    assert db.scalar(select(Alert.code)) == "D"
    assert db.scalar(select(Reporter.join_code_hash)) is None
    send_update(telegram_text(4343, f"JOIN {code}"))
    assert sql_count(db, "contacts", "reporter_id IS NOT NULL") == 2


def test_reporter_messages_never_use_alarming_words(runner, send_sms, catalogs):
    enrol(runner)
    from bot.alerts import texts

    for locale in ("en", "km", "km-Latn", "lo", "my", "vi", "th"):
        for message in (texts.SEND_AGAIN, texts.JOINED, texts.MEETING_REPORTER):
            text = catalogs.gettext(locale, message).lower()
            assert not any(word in text for word in FORBIDDEN_TO_REPORTERS), (locale, text)


def test_ok_from_a_responder_acknowledges_and_stops_escalation(
        runner, send_sms, fake_twilio, db, catalogs):
    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    [answer] = twiml_messages(send_sms("ok 1", sender=NGO_DUTY))
    assert answer == "Thank you. Alert 1 is yours."
    alert = db.scalar(select(Alert))
    assert alert.status == "acknowledged" and alert.acknowledged_by == "ngo-duty"
    assert {e.status for e in db.scalars(select(Escalation))} == {"cancelled"}
    assert any("taken by ngo-duty" in body for body in sms_to(fake_twilio, ATU_CHIEF))
    # A second acknowledgement is told who has it.
    [again] = twiml_messages(send_sms("ACK 1", sender=ATU_CHIEF))
    assert "already taken by ngo-duty" in again


def test_the_telegram_button_acknowledges(runner, send_sms, send_update, db):
    from tests.helpers import telegram_button

    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    response = send_update(telegram_button(NGO_CHAT, "ack:1"))
    assert response.status_code == 200
    assert db.scalar(select(Alert.acknowledged_by)) == "ngo-duty"


def test_notifications_survive_a_failing_provider(app, runner, send_sms, fake_twilio, db):
    enrol(runner)
    fake_twilio.fail_next = 3
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    assert sql_count(db, "alerts") == 1  # stored before anything was sent
    for _ in range(6):
        db.execute(Message.__table__.update().where(Message.status == "queued")
                   .values(due_at=utcnow() - timedelta(seconds=1)))
        with new_session(app) as session:
            app.extensions["bot"].outbox.deliver_due(session)
    assert len(sms_to(fake_twilio, NGO_DUTY)) == 1
    assert len(sms_to(fake_twilio, ATU_CHIEF)) == 1


def test_close_with_an_outcome(runner, send_sms, db):
    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    [answer] = twiml_messages(send_sms("CLOSE 1 referred called the unit", sender=NGO_DUTY))
    assert "closed" in answer
    alert = db.scalar(select(Alert))
    assert alert.status == "closed" and alert.outcome == "referred"


def test_every_event_is_in_the_append_only_audit_trail(runner, send_sms, db):
    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    send_sms("OK 1", sender=NGO_DUTY)
    events = [e.event for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events[:1] == ["received"] and "notified" in events and "acknowledged" in events
    event = db.scalar(select(AuditEvent))
    event.actor = "someone else"
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    with pytest.raises(AppendOnlyError):
        db.delete(db.scalar(select(AuditEvent)))
        db.flush()


def test_a_migrant_in_danger_reaches_the_ngo_only_with_consent(app, client, fake_twilio, db,
                                                              send_sms):
    from tests.helpers import THAI_NUMBER
    from tests.test_twilio_sms import twiml_messages as tw

    tw(send_sms("hello"))
    tw(send_sms("6"))
    shown = tw(send_sms("my boss locked me in the room and I cannot leave"))[0]
    assert "191" in shown and "1 Ask our partner to contact me" in shown
    assert sql_count(db, "alerts") == 0  # nothing without consent
    tw(send_sms("1"))
    alert = db.scalar(select(Alert))
    assert alert.kind == "migrant"
    with new_session(app) as session:
        app.extensions["bot"].outbox.deliver_due(session)
    assert sms_to(fake_twilio, NGO_DUTY) and not sms_to(fake_twilio, ATU_CHIEF)
    # The NGO answers through the service.
    [ok] = tw(send_sms(f"REPLY {alert.number} We are coming, stay calm", sender=NGO_DUTY))
    assert ok == "Sent."
    with new_session(app) as session:
        app.extensions["bot"].outbox.deliver_due(session)
    assert any("We are coming" in body for body in sms_to(fake_twilio, THAI_NUMBER))
    # The police cannot take it.
    [no] = tw(send_sms(f"OK {alert.number}", sender=ATU_CHIEF))
    assert no.startswith("There is no alert")


def test_the_reporter_record_holds_no_phone_number(runner, db):
    enrol(runner)
    reporter = db.scalar(select(Reporter))
    assert all(REPORTER_PHONE[-6:] not in str(value) for value in vars(reporter).values())


def test_delivery_reports_of_notifications_are_audited(runner, send_sms, client, db):
    from tests.test_outbox_sms import post_status

    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    sid = db.scalar(select(Message.external_id).where(Message.direction == "out",
                                                      Message.external_id.like("SM%")))
    assert post_status(client, sid, "delivered").status_code == 204
    delivery = db.scalar(select(AuditEvent).where(AuditEvent.event == "delivery"))
    assert delivery.detail["status"] == "delivered" and delivery.alert_id is not None
