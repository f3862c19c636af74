"""Talk to a person, for real (issue 11): a request the on-duty NGO contact is told of at
once (never the police, never what the person wrote), handed on to the next NGO contact
when nobody takes it in time (by the clock, across a restart), taken with OK, answered with
REPLY on the person's own channel; meanwhile the bot does not answer what they write."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.actions.person import WITH_TEAM
from bot.config import PROJECT_ROOT
from bot.models import Alert, AuditEvent, Escalation, Message, Notification, utcnow
from bot.sessions import new_session
from tests.conversation import set_clock
from tests.helpers import new_sid, telegram_button, telegram_text
from tests.test_escalation import run_clock_twice, sent_to

NGO_DUTY, NGO_MANAGER = "+85512000001", "+85512000002"
ATU_CHIEF, ATU_DEPUTY = "+85512000003", "+85512000004"
NGO_DUTY_CHAT = 1001
MIGRANT_CHAT = 770012345
TAKE_SECONDS = 3
QUESTION = "how much is the minimum wage in bangkok"  # the classifier would answer this


@pytest.fixture
def manager_on_duty(tmp_path) -> Path:
    """The example alerts file with ngo-manager on duty at every hour of every day."""
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text(encoding="utf-8"))
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    data["on_call"] = {"ngo": [
        {"contact": "ngo-manager", "days": days, "from": "00:00", "to": "12:00"},
        {"contact": "ngo-manager", "days": days, "from": "12:00", "to": "00:00"}]}
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def quick_settings(tmp_path) -> Path:
    """settings/ with a request handed on after three seconds, open or closed."""
    settings = tmp_path / "settings"
    shutil.copytree(PROJECT_ROOT / "settings", settings)
    path = settings / "service.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["person_requests"] = {"take_within": f"{TAKE_SECONDS}s",
                               "take_within_closed": f"{TAKE_SECONDS}s"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return settings


@pytest.fixture
def requests_app(make_app, config, manager_on_duty, quick_settings, process_env, fake_twilio):
    app = make_app(ALERTS_FILE=str(manager_on_duty), SETTINGS_DIR=str(quick_settings))
    env = {**process_env, "ALERTS_FILE": str(manager_on_duty), "SECRET_KEY": "test",
           "TWILIO_ACCOUNT_SID": config["TWILIO_ACCOUNT_SID"],
           "TWILIO_AUTH_TOKEN": config["TWILIO_AUTH_TOKEN"],
           "TWILIO_FROM_NUMBER": config["TWILIO_FROM_NUMBER"],
           "TWILIO_API_BASE_URL": fake_twilio.url,
           "TELEGRAM_BOT_TOKEN": config["TELEGRAM_BOT_TOKEN"],
           "TELEGRAM_API_BASE_URL": config["TELEGRAM_API_BASE_URL"]}
    return app, env


class Migrant:
    """A person on Telegram, through the real webhook."""

    def __init__(self, app, fake_telegram, chat: int = MIGRANT_CHAT):
        self.client, self.fake, self.chat = app.test_client(), fake_telegram, chat

    def _post(self, update: dict) -> None:
        from tests.helpers import TELEGRAM_SECRET, new_update_id

        response = self.client.post("/telegram/webhook",
                                    json={"update_id": new_update_id(), **update},
                                    headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        assert response.status_code == 200

    def received(self) -> list[str]:
        return [c["text"] for c in self.fake.calls("sendMessage") if int(c["chat_id"]) == self.chat]

    def send(self, text: str) -> list[str]:
        """What the bot answered to this message (nothing is an empty list)."""
        before = len(self.received())
        self._post(telegram_text(self.chat, text))
        return self.received()[before:]

    def start(self, locale: str = "en") -> Migrant:
        self._post(telegram_text(self.chat, "/start"))
        self._post(telegram_button(self.chat, f"lang:{locale}"))
        return self


def deliver(app) -> None:
    with new_session(app) as session:
        app.extensions["bot"].outbox.deliver_due(session)


def twiml(response) -> list[str]:
    from tests.test_twilio_sms import twiml_messages

    return twiml_messages(response)


def sms_from(app, text: str, sender: str) -> list[str]:
    from urllib.parse import urlencode

    from tests.helpers import PUBLIC_BASE_URL, twilio_signature

    params = {"From": sender, "Body": text, "MessageSid": new_sid()}
    signature = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
    response = app.test_client().post("/sms/twilio", data=urlencode(params),
                                      headers={"X-Twilio-Signature": signature},
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    return twiml(response)


def ask_for_person(app, fake_telegram) -> tuple[Migrant, list[str]]:
    migrant = Migrant(app, fake_telegram).start("en")
    return migrant, migrant.send("6")  # Talk to a person


def test_the_on_duty_contact_is_told_at_once_without_the_persons_words(
        requests_app, fake_telegram, fake_twilio, db, catalogs):
    app, _ = requests_app
    migrant, [answer] = ask_for_person(app, fake_telegram)
    alert = db.scalar(select(Alert))
    assert alert.kind == "person" and alert.status == "open"
    # The person is told honestly what happens next.
    assert f"Your request number is {alert.number}." in answer
    assert ("We are open" in answer) or ("Our office is closed now" in answer)
    assert "send MENU" in answer
    migrant.send("my agency keeps my contract, secret words 4711")
    deliver(app)
    [notice] = sent_to(fake_twilio, NGO_MANAGER)  # the one on duty
    assert f"Request {alert.number}" in notice and f"OK {alert.number}" in notice
    assert f"REPLY {alert.number}" in notice
    assert "*****2345" in notice and "770012345" not in notice  # the masked chat id
    assert "English, Telegram *****2345." in notice
    assert "secret words" not in notice and "4711" not in notice
    # Nobody else yet, and the police never.
    assert sent_to(fake_twilio, NGO_DUTY) == []
    assert not [c for c in fake_telegram.calls("sendMessage")
                if int(c["chat_id"]) == NGO_DUTY_CHAT]
    assert sent_to(fake_twilio, ATU_CHIEF) == [] == sent_to(fake_twilio, ATU_DEPUTY)
    assert db.scalar(select(Escalation.status)) == "pending"  # one more NGO contact


def test_nobody_takes_it_so_the_clock_tells_the_next_ngo_contact_once_across_a_restart(
        requests_app, fake_telegram, fake_twilio, db, tmp_path):
    app, env = requests_app
    ask_for_person(app, fake_telegram)
    deliver(app)
    assert len(sent_to(fake_twilio, NGO_MANAGER)) == 1
    run_clock_twice(env, tmp_path, TAKE_SECONDS + 5)
    [handed_on] = sent_to(fake_twilio, NGO_DUTY)  # one SMS (within its segments)
    assert "Request 1" in handed_on and "Nobody has taken it" in handed_on
    assert len([c for c in fake_telegram.calls("sendMessage")
                if int(c["chat_id"]) == NGO_DUTY_CHAT]) == 1  # and on Telegram, once
    assert len(sent_to(fake_twilio, NGO_MANAGER)) == 1  # not again
    assert sent_to(fake_twilio, ATU_CHIEF) == [] == sent_to(fake_twilio, ATU_DEPUTY)
    assert db.scalar(select(Escalation.status)) == "done"
    # Nothing is due any more: a later clock sends nothing.
    with new_session(app) as session:
        assert app.extensions["bot"].network.escalate_due(
            session, utcnow() + timedelta(days=1)) == []


def test_ok_takes_it_and_stops_the_handing_on(requests_app, fake_telegram, fake_twilio, db):
    app, _ = requests_app
    ask_for_person(app, fake_telegram)
    [yours] = sms_from(app, "OK 1", NGO_MANAGER)
    assert yours == "Thank you. Alert 1 is yours."
    assert db.scalar(select(Alert.acknowledged_by)) == "ngo-manager"
    assert db.scalar(select(Escalation.status)) == "cancelled"
    with new_session(app) as session:
        assert app.extensions["bot"].network.escalate_due(
            session, utcnow() + timedelta(hours=3)) == []
    deliver(app)
    assert sent_to(fake_twilio, NGO_DUTY) == []


def test_reply_reaches_the_person_on_telegram_and_close_ends_it(
        requests_app, fake_telegram, fake_twilio, db):
    app, _ = requests_app
    migrant, _ = ask_for_person(app, fake_telegram)
    [sent] = sms_from(app, "REPLY 1 Hello, I am Dara from the team. How can I help?",
                      NGO_MANAGER)
    assert sent == "Sent."
    deliver(app)
    assert migrant.received()[-1] == ("Message from our partner organisation: Hello, I am "
                                      "Dara from the team. How can I help?")
    out = db.scalar(select(Message).where(Message.author.is_not(None)))
    assert out.author == "ngo-manager" and out.status == "sent"
    # Answering took it: nobody else is told any more.
    assert db.scalar(select(Alert.status)) == "acknowledged"
    assert db.scalar(select(Escalation.status)) == "cancelled"
    [closed] = sms_from(app, "CLOSE 1 no_action talked it through", NGO_MANAGER)
    assert closed.startswith("Alert 1 is closed")
    # The request is over: the bot answers what they write again.
    reply = "\n".join(migrant.send(QUESTION))
    assert "Bangkok" in reply and "with our team" not in reply


def test_free_text_goes_to_the_team_with_one_line_per_half_hour(
        requests_app, fake_telegram, db, catalogs):
    app, _ = requests_app
    start = utcnow()
    set_clock(app, start)
    migrant, _ = ask_for_person(app, fake_telegram)
    assert migrant.send(QUESTION) == [
        "Your message is with our team (request 1). MENU: back to the bot."]
    set_clock(app, start + timedelta(minutes=10))
    assert migrant.send("hello?") == []  # stored for the team, not answered
    assert migrant.send("are you there") == []
    set_clock(app, start + timedelta(minutes=41))  # long after the step's 30 minutes
    assert migrant.send(QUESTION) == [catalogs.gettext("en", WITH_TEAM).format(number=1)]
    inbound = [m.body for m in db.scalars(select(Message).where(Message.direction == "in"))]
    assert "hello?" in inbound and "are you there" in inbound
    assert db.scalar(select(Alert.status)) == "open"
    wrote = db.scalars(select(AuditEvent).where(AuditEvent.event == "migrant_wrote")).all()
    assert len(wrote) == 4 and all("hello" not in str(e.detail) for e in wrote)
    # MENU gives the bot back; the request stays open for the team.
    assert "Safe work advice." in migrant.send("MENU")[0]
    reply = "\n".join(migrant.send(QUESTION))
    assert "Bangkok" in reply and "with our team" not in reply
    # A staff member's reply still reaches them, wherever they are in the menus.
    sms_from(app, "REPLY 1 We are here now", NGO_MANAGER)
    deliver(app)
    assert migrant.received()[-1].endswith("We are here now")


def test_menu_in_the_persons_language_gives_the_bot_back(requests_app, fake_telegram, db):
    app, _ = requests_app
    migrant = Migrant(app, fake_telegram, chat=770055555).start("km")
    migrant.send("6")
    assert len(migrant.send("សួស្តី")) == 1  # the "with our team" line, in Khmer
    assert migrant.send("ម៉ឺនុយ")  # MENU in Khmer: the menu
    state_step = db.execute(select(Alert.status)).scalar()
    assert state_step == "open"
    assert migrant.send("សួស្តី") != []  # answered by the bot again (the menu)


def test_asking_again_reuses_the_open_request(requests_app, fake_telegram, fake_twilio, db):
    app, _ = requests_app
    migrant, [first] = ask_for_person(app, fake_telegram)
    migrant.send("MENU")
    [again] = migrant.send("6")
    assert "Your request number is 1." in first and "Your request number is 1." in again
    assert len(db.scalars(select(Alert)).all()) == 1
    assert len(db.scalars(select(Notification)).all()) == 1
    assert len(db.scalars(select(Escalation)).all()) == 1


def test_police_never_hear_of_person_requests(requests_app, fake_telegram, fake_twilio, db):
    app, _ = requests_app
    ask_for_person(app, fake_telegram)
    with new_session(app) as session:
        app.extensions["bot"].network.escalate_due(session, utcnow() + timedelta(days=1))
    deliver(app)
    assert sent_to(fake_twilio, ATU_CHIEF) == [] == sent_to(fake_twilio, ATU_DEPUTY)
    told = set(db.scalars(select(Notification.responder)))
    assert told == {"ngo-manager", "ngo-duty"}
    assert sms_from(app, "OK 1", ATU_CHIEF) == ["There is no alert 1."]
    assert sms_from(app, "REPLY 1 hello", ATU_CHIEF) == ["There is no alert 1."]
    assert sms_from(app, "CLOSE 1 no_action", ATU_CHIEF) == ["There is no alert 1."]
    assert db.scalar(select(Alert.status)) == "open"


def test_without_a_rotation_the_first_ngo_contact_is_told(make_app, tmp_path, fake_telegram,
                                                          fake_twilio, db):
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text(encoding="utf-8"))
    data.pop("on_call")
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    app = make_app(ALERTS_FILE=str(path))
    ask_for_person(app, fake_telegram)
    deliver(app)
    assert len(sent_to(fake_twilio, NGO_DUTY)) == 1 and sent_to(fake_twilio, NGO_MANAGER) == []
    # The office's own deadline: 15 minutes open, 2 hours closed (settings/service.yaml).
    alert = db.scalar(select(Alert))
    due = db.scalar(select(Escalation.due_at))
    assert due - alert.created_at in (timedelta(minutes=15), timedelta(hours=2))


def test_a_wrong_deadline_in_the_settings_stops_the_start(make_app, quick_settings):
    path = quick_settings / "service.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["person_requests"]["take_within"] = "soon"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"service.yaml: person_requests.take_within: bad "
                                         r"duration 'soon'"):
        make_app(SETTINGS_DIR=str(quick_settings))
