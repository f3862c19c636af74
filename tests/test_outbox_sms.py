"""Outbound SMS through the twilio library at TWILIO_API_BASE_URL, retries, and status
callbacks recording delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.models import Message, utcnow
from bot.sessions import new_session
from tests.helpers import (
    CAMBODIAN_NUMBER,
    PUBLIC_BASE_URL,
    TWILIO_SID,
    queue_message,
    twilio_signature,
)


@pytest.fixture
def queued(app, db):
    def make(body: str = "Your wage changes on 1 January.", address: str = CAMBODIAN_NUMBER):
        return queue_message(app, address, body)

    return make


def deliver_due(app) -> int:
    with new_session(app) as session:
        return app.extensions["bot"].outbox.deliver_due(session)


def make_due(db) -> None:
    db.execute(update(Message).where(Message.status == "queued").values(due_at=utcnow()))
    db.commit()


def test_sms_is_sent_through_the_rest_api(app, queued, fake_twilio, db):
    message_id = queued("ស្វាគមន៍")
    assert deliver_due(app) == 1
    [request] = fake_twilio.sent
    assert request.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert request.form["To"] == CAMBODIAN_NUMBER
    assert request.form["Body"] == "ស្វាគមន៍"
    assert request.form["From"] == "+66800000001"
    assert request.form["StatusCallback"] == f"{PUBLIC_BASE_URL}/sms/twilio/status"
    message = db.get(Message, message_id)
    assert message.status == "sent" and message.external_id.startswith("SM")


def test_failing_provider_three_times_still_delivers_once(app, queued, fake_twilio, db):
    message_id = queued()
    fake_twilio.fail_next = 3
    for attempt in range(1, 4):
        deliver_due(app)
        db.expire_all()
        message = db.get(Message, message_id)
        assert message.status == "queued" and message.attempts == attempt
        assert message.due_at > utcnow()  # backs off before the next try
        assert deliver_due(app) == 0  # not due yet
        make_due(db)
    deliver_due(app)
    deliver_due(app)
    assert len(fake_twilio.sent) == 1
    db.expire_all()
    assert db.get(Message, message_id).status == "sent"


def test_a_message_stuck_sending_after_a_crash_is_sent_again(app, queued, fake_twilio, db):
    """The crash came before the call: Twilio has no such message, so it is sent now."""
    message_id = queued()
    db.execute(update(Message).where(Message.id == message_id).values(
        status="sending", updated_at=utcnow() - timedelta(minutes=10)))
    db.commit()
    assert deliver_due(app) == 1
    assert len(fake_twilio.sent) == 1
    db.expire_all()
    assert db.get(Message, message_id).status == "sent"


def test_a_message_that_went_out_before_a_crash_is_not_sent_twice(app, queued, fake_twilio,
                                                                  db):
    """The process died after Twilio took the message but before we recorded it: Twilio's
    message list says it went, so the row is marked sent with that sid, and not resent."""
    message_id = queued("Urgent alert 3: debt bondage.")
    assert deliver_due(app) == 1
    [first] = fake_twilio.created
    db.execute(update(Message).where(Message.id == message_id).values(
        status="sending", external_id=None, updated_at=utcnow() - timedelta(minutes=10)))
    db.commit()
    deliver_due(app)
    deliver_due(app)
    assert len(fake_twilio.sent) == 1  # one copy reached the responder
    db.expire_all()
    message = db.get(Message, message_id)
    assert (message.status, message.external_id) == ("sent", first["sid"])


def test_a_telegram_message_interrupted_mid_call_is_not_resent(app, fake_telegram, db):
    """Telegram keeps no record to ask: the row is marked interrupted, not sent again."""
    message_id = queue_message(app, "4242", "Urgent alert 4: debt bondage.",
                               channel="telegram")
    db.execute(update(Message).where(Message.id == message_id).values(
        status="sending", updated_at=utcnow() - timedelta(minutes=10)))
    db.commit()
    deliver_due(app)
    assert fake_telegram.calls("sendMessage") == []
    db.expire_all()
    assert db.get(Message, message_id).status == "interrupted"


def test_invalid_number_is_not_retried(app, queued, fake_twilio, db):
    message_id = queued(address="+66-not-a-number")
    deliver_due(app)
    db.expire_all()
    message = db.get(Message, message_id)
    assert message.status == "failed" and "21211" in message.last_error
    assert message.attempts == 1


def test_opted_out_contacts_get_no_later_messages(app, queued, fake_twilio, db, send_sms):
    send_sms("STOP", sender=CAMBODIAN_NUMBER)
    message_id = queued()
    deliver_due(app)
    assert fake_twilio.sent == []
    db.expire_all()
    assert db.get(Message, message_id).status == "failed"


def post_status(client, sid: str, status: str, signed: bool = True, **extra: str):
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": TWILIO_SID, **extra}
    url = f"{PUBLIC_BASE_URL}/sms/twilio/status"
    signature = twilio_signature(url, params) if signed else "bad"
    return client.post("/sms/twilio/status", data=params,
                       headers={"X-Twilio-Signature": signature})


def test_status_callbacks_record_delivery(app, client, queued, db):
    message_id = queued()
    deliver_due(app)
    sid = db.get(Message, message_id).external_id
    assert post_status(client, sid, "delivered").status_code == 204
    # An earlier status arriving late does not undo delivery.
    assert post_status(client, sid, "sent").status_code == 204
    db.expire_all()
    assert db.get(Message, message_id).status == "delivered"


def test_failed_delivery_keeps_the_error_code(app, client, queued, db):
    message_id = queued()
    deliver_due(app)
    sid = db.get(Message, message_id).external_id
    post_status(client, sid, "undelivered", ErrorCode="30003")
    db.expire_all()
    message = db.get(Message, message_id)
    assert message.status == "undelivered" and "30003" in message.last_error


def test_unsigned_status_callback_is_refused(app, client, queued, db):
    message_id = queued()
    deliver_due(app)
    sid = db.get(Message, message_id).external_id
    assert post_status(client, sid, "delivered", signed=False).status_code == 403
    db.expire_all()
    assert db.get(Message, message_id).status == "sent"


def test_status_for_an_unknown_message_is_ignored(client, db):
    assert post_status(client, "SM" + "9" * 32, "delivered").status_code == 204
    assert db.scalar(select(Message)) is None


@pytest.mark.parametrize("channel", ["sms", "telegram"])
def test_a_429_is_retried_no_sooner_than_retry_after(app, db, fake_twilio, fake_telegram,
                                                     channel):
    from datetime import timedelta

    from bot.models import Message, utcnow
    from tests.helpers import queue_message

    fake = fake_twilio if channel == "sms" else fake_telegram
    fake.throttle_next, fake.retry_after = 1, 60
    address = "+66812223344" if channel == "sms" else "424242"
    message_id = queue_message(app, address, "hello", channel=channel)
    before = utcnow()
    with app.extensions["db_sessionmaker"]() as session:
        app.extensions["bot"].outbox.deliver_due(session)
    message = db.get(Message, message_id)
    assert message.status == "queued" and message.attempts == 1
    assert message.due_at >= before + timedelta(seconds=59)  # not our own 10 s


def test_a_slow_provider_does_not_hold_up_other_webhooks(app, send_sms, fake_twilio):
    """The outbox calls the provider outside any database transaction: on SQLite, a send
    that takes 3 seconds must not keep an inbound SMS waiting for the write lock."""
    import threading
    import time

    from tests.helpers import queue_message

    queue_message(app, "+66812223355", "hello")
    fake_twilio.delay = 3.0

    def deliver() -> None:
        with app.extensions["db_sessionmaker"]() as session:
            app.extensions["bot"].outbox.deliver_due(session)

    sending = threading.Thread(target=deliver)
    sending.start()
    time.sleep(0.5)  # the send is in flight
    started = time.monotonic()
    response = send_sms("hello")
    waited = time.monotonic() - started
    fake_twilio.delay = 0.0
    sending.join()
    assert response.status_code == 200
    assert waited < 2.0, f"the webhook waited {waited:.1f} s for the slow send"
