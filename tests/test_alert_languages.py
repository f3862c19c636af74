"""Responders read alerts in their own language (`lang:` in the alerts file): the code's
meaning too, when the file gives it per language; and a command written wrongly gets a
text from the catalog in the sender's language, never English exception text."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import yaml

from bot.alerts import texts
from bot.config import PROJECT_ROOT
from tests.helpers import PUBLIC_BASE_URL, new_sid, twilio_signature
from tests.test_alerts import ATU_CHIEF, NGO_DUTY, REPORTER_PHONE, enrol, sms_to
from tests.test_twilio_sms import twiml_messages

KHMER_MEANING = "កម្មករដែលមើលទៅអាយុក្រោម 18 ឆ្នាំ"


@pytest.fixture
def khmer_duty_app(make_app, tmp_path):
    """The example network, with the NGO duty contact reading Khmer."""
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text("utf-8"))
    for contact in data["contacts"]:
        if contact["id"] == "ngo-duty":
            contact["lang"] = "km"
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return make_app(ALERTS_FILE=str(path))


def sms(app, body: str, sender: str) -> list[str]:
    params = {"From": sender, "To": "+66800000001", "Body": body, "MessageSid": new_sid()}
    url = f"{PUBLIC_BASE_URL}/sms/twilio"
    response = app.test_client().post(
        "/sms/twilio", data=urlencode(params), content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": twilio_signature(url, params)})
    return twiml_messages(response)


def test_a_khmer_responder_reads_the_code_meaning_in_khmer(khmer_duty_app, fake_twilio):
    app = khmer_duty_app
    enrol(app.test_cli_runner())
    assert sms(app, "Y K12 2", REPORTER_PHONE) == ["OK 1"]
    catalogs = app.extensions["bot"].catalogs
    [khmer] = sms_to(fake_twilio, NGO_DUTY)
    assert catalogs.gettext("km", texts.URGENT_HEADING, number=1,
                            meaning=KHMER_MEANING) in khmer
    [english] = sms_to(fake_twilio, ATU_CHIEF)  # lang en: the English meaning
    assert "Urgent alert 1: worker who looks under 18." in english


def test_the_plain_meaning_form_still_works(runner, send_sms, fake_twilio):
    enrol(runner)
    send_sms("X K12", sender=REPORTER_PHONE)
    [body] = sms_to(fake_twilio, NGO_DUTY)
    assert "reporter in danger" in body


@pytest.mark.parametrize(("command", "message", "values"), [
    ("CLOSE 1 finished", texts.BAD_OUTCOME, {"number": 1, "outcome": "finished"}),
    ("CLOSE 99 referred", texts.NO_SUCH, {"number": 99}),
    ("CLOSE", texts.CLOSE_USAGE, {}),
    ("close one referred", texts.CLOSE_USAGE, {}),
    ("CLOSE 1", texts.CLOSE_USAGE, {}),
    ("REPLY", texts.REPLY_USAGE, {}),
    ("REPLY 1", texts.REPLY_USAGE, {}),
    ("reply twelve hello", texts.REPLY_USAGE, {}),
    ("REPLY 1 we will call you", texts.NO_SUCH, {"number": 1}),  # a coded alert, not a migrant
    ("ACK", texts.ACK_USAGE, {}),
    ("ack twelve", texts.ACK_USAGE, {}),
    ("OK 7", texts.NO_SUCH, {"number": 7}),
])
def test_a_wrong_command_gets_a_catalog_text_in_the_senders_language(
        khmer_duty_app, command, message, values):
    app = khmer_duty_app
    enrol(app.test_cli_runner())
    sms(app, "Y K12 2", REPORTER_PHONE)
    catalogs = app.extensions["bot"].catalogs
    answer = sms(app, command, NGO_DUTY)
    expected = catalogs.gettext("km", message, **values)
    assert expected != catalogs.gettext("en", message, **values)  # it is translated
    assert answer == [expected]


def test_close_in_khmer_with_a_right_ending(khmer_duty_app):
    app = khmer_duty_app
    enrol(app.test_cli_runner())
    sms(app, "Y K12 2", REPORTER_PHONE)
    catalogs = app.extensions["bot"].catalogs
    [answer] = sms(app, "CLOSE 1 referred", NGO_DUTY)
    assert answer == catalogs.gettext("km", texts.CLOSED, number=1, outcome=catalogs.gettext(
        "km", texts.OUTCOMES["referred"]))


@pytest.mark.parametrize("text", ["Y K12 ²", "Y K12 ③", "Y K12 2²", "Y K12 ២"])
def test_odd_digits_in_a_count_never_lose_the_alert(runner, send_sms, db, text):
    from sqlalchemy import select

    from bot.models import Alert

    enrol(runner)
    assert twiml_messages(send_sms(text, sender=REPORTER_PHONE)) == ["OK 1"]
    assert db.scalar(select(Alert.code)) == "Y"


@pytest.mark.parametrize("command", ["OK 99999999999999999999999", "OK 3000000000",
                                     "CLOSE 99999999999999 referred", "REPLY 3000000000 hi"])
def test_numbers_too_large_for_an_alert_get_an_ordinary_answer(runner, send_sms, command):
    enrol(runner)
    send_sms("Y K12", sender=REPORTER_PHONE)
    response = send_sms(command, sender=NGO_DUTY)
    assert response.status_code == 200 and twiml_messages(response)


@pytest.mark.parametrize("data", ["ack:²", "ack:99999999999999999999", "o:2:²", "o:²:1",
                                  "ack:", "o::"])
def test_odd_button_data_gets_an_ordinary_answer(runner, send_sms, send_update, data):
    from tests.helpers import telegram_button

    enrol(runner)
    send_sms("Y K12", sender=REPORTER_PHONE)
    assert send_update(telegram_button(1001, data)).status_code == 200  # the NGO duty chat
    assert send_update(telegram_button(5551234, data)).status_code == 200  # anyone
