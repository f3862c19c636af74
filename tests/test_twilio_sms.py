"""Inbound SMS through the Twilio webhook: signatures, TwiML answers, dedupe, STOP/START."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from bot.models import Contact, ConversationState, Message
from bot.sms.encoding import sms_info
from tests.helpers import (
    PUBLIC_BASE_URL,
    THAI_NUMBER,
    menu_heading,
    new_sid,
    sql_count,
    twilio_signature,
)


def twiml_messages(response) -> list[str]:
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own answer, in a test
    assert root.tag == "Response"
    return [element.text or "" for element in root.findall("Message")]


def test_khmer_sms_gets_a_khmer_answer(send_sms, catalogs, db):
    messages = twiml_messages(send_sms("សួស្តីបង"))
    expected = menu_heading(catalogs, "km")
    assert expected != menu_heading(catalogs, "en")  # the Khmer catalog has it
    assert messages[0].startswith(expected)
    assert catalogs.gettext("km", "At work: your rights") in messages[0]
    contact = db.scalar(select(Contact))
    assert contact.locale == "km"


@pytest.mark.parametrize(("text", "locale"), [
    ("ສະບາຍດີ", "lo"), ("မင်္ဂလာပါ", "my"), ("Chào chị", "vi"), ("สวัสดีค่ะ", "th"),
])
def test_each_script_is_answered_in_its_language(send_sms, catalogs, text, locale):
    messages = twiml_messages(send_sms(text))
    assert messages[0].startswith(menu_heading(catalogs, locale))


def test_latin_first_message_gets_the_language_menu(send_sms):
    body = twiml_messages(send_sms("hello"))[0]
    for name in ("ខ្មែរ", "ລາວ", "မြန်မာ", "Tiếng Việt", "ไทย", "English"):
        assert name in body


@pytest.mark.parametrize("signature", ["", "forged+signature=", None])
def test_forged_or_missing_signature_is_refused_and_stores_nothing(
        client, send_sms, db, signature):
    if signature is None:  # signed with another account's token
        from twilio.request_validator import RequestValidator

        params = {"From": THAI_NUMBER, "Body": "hi", "MessageSid": new_sid()}
        signature = RequestValidator("other-token").compute_signature(
            f"{PUBLIC_BASE_URL}/sms/twilio", params)
        response = client.post("/sms/twilio", data=params,
                               headers={"X-Twilio-Signature": signature})
    else:
        response = send_sms("hello", signature=signature)
    assert response.status_code == 403
    assert sql_count(db, "contacts") == 0
    assert sql_count(db, "messages") == 0


def test_signature_is_checked_against_the_public_url_behind_a_proxy(client, db):
    # The proxy hands us http://localhost/sms/twilio; Twilio signed https://bot.example.org.
    params = {"From": THAI_NUMBER, "Body": "hello", "MessageSid": new_sid()}
    wrong = twilio_signature("http://localhost/sms/twilio", params)
    assert client.post("/sms/twilio", data=params,
                       headers={"X-Twilio-Signature": wrong}).status_code == 403
    right = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
    assert client.post("/sms/twilio", data=params,
                       headers={"X-Twilio-Signature": right}).status_code == 200


def test_a_changed_body_breaks_the_signature(client):
    params = {"From": THAI_NUMBER, "Body": "hello", "MessageSid": new_sid()}
    signature = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
    tampered = {**params, "Body": "STOP"}
    assert client.post("/sms/twilio", data=tampered,
                       headers={"X-Twilio-Signature": signature}).status_code == 403


def test_same_message_sid_three_times_is_processed_once(send_sms, db, catalogs):
    first = twiml_messages(send_sms("hello", sid="SM" + "7" * 32))
    state_after_first = db.get(ConversationState, db.scalar(select(Contact.id)))
    menu_id = state_after_first.menu_id
    db.expire_all()
    for _ in range(2):
        assert twiml_messages(send_sms("hello", sid="SM" + "7" * 32)) == first
    inbound = db.scalars(select(Message).where(Message.direction == "in")).all()
    assert len(inbound) == 1
    assert db.get(ConversationState, inbound[0].contact_id).menu_id == menu_id
    # The language menu was shown once: "1" after the repeats still chooses from it (Khmer).
    assert twiml_messages(send_sms("1"))[0].startswith(menu_heading(catalogs, "km"))


def test_menu_numbers_in_every_script(send_sms, catalogs):
    send_sms("hello")  # language menu
    send_sms("6")  # English
    for digit in ("៣", "໓", "၃", "๓", "3"):
        reply = twiml_messages(send_sms(digit))[0]
        assert reply.startswith("At work in Thailand you have rights"), digit
        send_sms("menu")


@pytest.mark.parametrize(("stop", "start", "locale"), [
    ("STOP", "START", "en"), ("ឈប់", "ចាប់ផ្តើម", "km"), ("ຢຸດ", "ເລີ່ມ", "lo"),
    ("ရပ်", "စတင်", "my"), ("Dừng", "bắt đầu", "vi"), ("หยุด", "เริ่ม", "th"),
    ("chhob", "chab pdaem", "km"),
])
def test_stop_and_start_in_every_language(send_sms, db, catalogs, stop, start, locale):
    send_sms("hello")
    send_sms(str(["km", "lo", "my", "vi", "th", "en"].index(locale) + 1))
    stopped = twiml_messages(send_sms(stop))
    assert stopped == [catalogs.gettext(locale, "You will get no more messages from us. "
                                                "Send START to begin again.")]
    assert db.scalar(select(Contact.opted_out)) is True
    assert twiml_messages(send_sms("1")) == []  # silence until START
    db.expire_all()
    restarted = twiml_messages(send_sms(start))
    assert restarted[0].startswith(catalogs.gettext(locale, "Welcome back."))
    assert db.scalar(select(Contact.opted_out)) is False


def test_long_replies_are_paged_within_the_segment_budget(make_app):
    app = make_app(SMS_MAX_SEGMENTS=1)
    client = app.test_client()
    params = {"From": THAI_NUMBER, "Body": "ខ្ញុំ", "MessageSid": new_sid()}
    sign = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
    client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": sign})
    params = {"From": THAI_NUMBER, "Body": "៣", "MessageSid": new_sid()}
    sign = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
    pages = twiml_messages(client.post("/sms/twilio", data=params,
                                       headers={"X-Twilio-Signature": sign}))
    assert len(pages) > 1
    assert all(sms_info(page).segments == 1 for page in pages)
    # No page starts with a combining sign or follows a coeng: syllables stay whole.
    for page in pages:
        assert page[0] not in "\u17b6\u17b7\u17b8\u17c6\u17c7\u17d2"


def test_phone_numbers_are_stored_encrypted(send_sms, db):
    send_sms("hello")
    contact = db.scalar(select(Contact))
    assert THAI_NUMBER not in contact.address_enc
    assert THAI_NUMBER[1:] not in contact.address_hash
    for row in db.execute(select(Contact.__table__)).all():
        assert not any(THAI_NUMBER[-8:] in str(value) for value in row)


def test_two_first_messages_at_once_both_get_answers(app, config):
    """Twilio may deliver two messages of a new number in parallel: no 500, one contact."""
    import threading

    results = []

    def post(body: str, sid: str) -> None:
        client = app.test_client()
        params = {"From": THAI_NUMBER, "Body": body, "MessageSid": sid}
        sign = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
        results.append(client.post("/sms/twilio", data=params,
                                   headers={"X-Twilio-Signature": sign}).status_code)

    threads = [threading.Thread(target=post, args=(b, new_sid())) for b in ("hi", "hello")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200, 200]
    with app.extensions["db_sessionmaker"]() as session:
        assert sql_count(session, "contacts") == 1
        assert sql_count(session, "conversation_states") == 1


def test_a_first_message_that_is_a_question_is_answered_at_once(send_sms, catalogs, db):
    """"I need help" in Vietnamese: the language from the letters, then the numbers."""
    reply = twiml_messages(send_sms("Tôi cần giúp đỡ, gọi số nào?"))[0]
    assert "1506" in reply and "191" in reply
    assert db.scalar(select(Contact.locale)) == "vi"


@pytest.mark.parametrize("sid", ["SM" + "1" * 80, "SM-not/a sid", "SMé123"])
def test_a_message_sid_twilio_never_sends_gets_400(send_sms, db, sid):
    from tests.helpers import sql_count

    assert send_sms("hello", sid=sid).status_code == 400
    assert sql_count(db, "messages") == 0
