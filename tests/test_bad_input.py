"""Bad input never causes a 500: help text for odd messages, 4xx for malformed requests,
and no phone number in any log line."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.models import Message
from tests.helpers import PUBLIC_BASE_URL, THAI_NUMBER, new_sid, twilio_signature
from tests.test_twilio_sms import twiml_messages


@pytest.fixture
def english_contact(send_sms):
    send_sms("hello")
    send_sms("6")


@pytest.mark.parametrize("body", ["", "   ", "x" * 5000, "😀🙏🏽🇰🇭", "\u200b\u200b", "<Response/>"])
def test_odd_messages_get_help_text(send_sms, english_contact, body, caplog):
    caplog.set_level(logging.DEBUG)
    messages = twiml_messages(send_sms(body))
    # Short noise: "did not understand" and the menu again; a long unmatched text: a short
    # menu and the offer of a person.
    assert messages[0].startswith(("Sorry, I did not understand.",
                                   "I could not find an answer to that."))
    assert "\n1 " in messages[0] and "\n2 " in messages[0]
    assert_no_number_logged(caplog)


def test_first_message_of_emoji_gets_the_language_menu(send_sms, caplog):
    caplog.set_level(logging.DEBUG)
    assert "ខ្មែរ" in twiml_messages(send_sms("👋"))[0]
    assert_no_number_logged(caplog)


@pytest.mark.parametrize("params", [
    {"Body": "hi", "MessageSid": "SMx"},  # no From
    {"From": THAI_NUMBER, "Body": "hi"},  # no MessageSid
    {},
])
def test_malformed_sms_webhooks_get_400(client, params, caplog):
    caplog.set_level(logging.DEBUG)
    url = f"{PUBLIC_BASE_URL}/sms/twilio"
    response = client.post("/sms/twilio", data=params,
                           headers={"X-Twilio-Signature": twilio_signature(url, params)})
    assert response.status_code == 400
    assert_no_number_logged(caplog)


def test_undecodable_form_data_is_refused_not_crashed(client):
    response = client.post("/sms/twilio", data=b"\xff\xfe%%%=&&=",
                           content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": "abc"})
    assert response.status_code in (400, 403)


def test_oversized_request_is_refused(client):
    response = client.post("/sms/twilio", data={"Body": "x" * 300_000},
                           headers={"X-Twilio-Signature": "abc"})
    assert response.status_code == 413


def test_status_callback_with_unknown_status_gets_400(client):
    params = {"MessageSid": new_sid(), "MessageStatus": "exploded"}
    url = f"{PUBLIC_BASE_URL}/sms/twilio/status"
    response = client.post("/sms/twilio/status", data=params,
                           headers={"X-Twilio-Signature": twilio_signature(url, params)})
    assert response.status_code == 400


def assert_no_number_logged(caplog) -> None:
    for record in caplog.records:
        text = record.getMessage()
        assert THAI_NUMBER not in text and THAI_NUMBER[3:] not in text, text


def test_a_nul_in_a_message_is_dropped_not_a_500(send_sms, staff_client, db):
    """PostgreSQL text cannot hold NUL: it is removed at the door, on every route."""
    assert send_sms("350\x00 a day").status_code == 200
    response = staff_client.post("/simulator/send", json={
        "channel": "sms", "address": "+66811111111", "text": "\x00hello\x00"})
    assert response.status_code == 200
    bodies = db.scalars(select(Message.body).where(Message.direction == "in")).all()
    assert "350 a day" in bodies and "hello" in bodies
