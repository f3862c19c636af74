"""Who may act on an alert: a contact acknowledges only what it was told of; a migrant's
alert exists only for the NGO partner's contacts; closing is for NGO contacts, once, and
the others notified hear the outcome."""

from __future__ import annotations

from sqlalchemy import select

from bot.alerts import texts
from bot.models import Alert
from tests.test_alerts import ATU_CHIEF, NGO_DUTY, REPORTER_PHONE, enrol, sms_to
from tests.test_twilio_sms import twiml_messages


def answer(send_sms, text: str, sender: str) -> str:
    [reply] = twiml_messages(send_sms(text, sender=sender))
    return reply


def test_police_cannot_take_an_alert_they_were_not_told_of(runner, send_sms, db):
    enrol(runner)
    send_sms("D K12", sender=REPORTER_PHONE)  # "report" severity: the NGO duty contact only
    assert answer(send_sms, "OK 1", ATU_CHIEF) == "There is no alert 1."
    assert answer(send_sms, "OK 99", ATU_CHIEF) == "There is no alert 99."
    assert db.scalar(select(Alert.status)) == "open"


def test_a_migrants_alert_does_not_exist_for_the_police(send_sms, db):
    for text in ("hello", "6", "help they locked me in the room", "1"):  # 1: ask our partner
        send_sms(text)
    assert db.scalar(select(Alert.kind)) == "migrant"
    for command in ("CLOSE 1 referred", "OK 1", "REPLY 1 hello"):
        missing = command.replace(" 1", " 99", 1)
        assert answer(send_sms, command, ATU_CHIEF) == answer(
            send_sms, missing, ATU_CHIEF).replace("99", "1")
    assert db.scalar(select(Alert.status)) == "open"


def test_police_do_not_close_alerts(runner, send_sms, db):
    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    reply = answer(send_sms, "CLOSE 1 false_alarm", ATU_CHIEF)
    assert reply == "Only the partner organisation closes alerts. Alert 1 stays open."
    assert db.scalar(select(Alert.status)) == "open"


def test_closing_is_once_and_the_others_are_told(runner, send_sms, fake_twilio, db):
    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    closed = answer(send_sms, "CLOSE 1 referred", NGO_DUTY)
    assert closed == "Alert 1 is closed: referred to police."
    told = sms_to(fake_twilio, ATU_CHIEF)
    assert "Alert 1 was closed by ngo-duty: referred to police." in told
    again = answer(send_sms, "CLOSE 1 false_alarm", NGO_DUTY)
    assert again == texts.ALREADY_CLOSED.format(number=1, outcome="referred to police")
    alert = db.scalar(select(Alert))
    assert (alert.status, alert.outcome) == ("closed", "referred")
