"""The simulator is not a back door (SAFETY 7-11): with provider credentials set it is for
logged-in staff only, and even then a sandbox: no JOIN, no alert, no message to anyone
real. Each browser has its own simulated people; development works as before."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.models import Reporter
from tests.helpers import csrf_token_of, sql_count

SEND = "/simulator/send"


def say(client, text: str, address: str = "+66811110000", channel: str = "sms") -> str:
    response = client.post(SEND, json={"channel": channel, "address": address, "text": text})
    assert response.status_code == 200, response.status_code
    return "\n".join(reply["body"] for reply in response.get_json()["replies"])


def test_without_a_staff_session_the_simulator_is_refused(client, db):
    assert client.get("/").status_code == 403
    # A browser that is not logged in, with a CSRF token or without one.
    token = {"X-CSRFToken": csrf_token_of(client.get("/staff/login").get_data(as_text=True))}
    for headers, refused in (({}, 400), (token, 403)):
        assert client.post(SEND, json={"channel": "sms", "address": "1", "text": "hi"},
                           headers=headers).status_code == refused
        assert client.post("/simulator/messages", json={"channel": "sms", "address": "1"},
                           headers=headers).status_code == refused
    assert sql_count(db, "messages") == 0


def test_a_sandboxed_join_and_coded_message_reach_nobody(staff_client, runner, db,
                                                         fake_twilio, fake_telegram):
    result = runner.invoke(args=["peers", "add", "--role", "watchdog", "--venues", "K12"])
    code = re.search(r"JOIN ([A-Z0-9]+)", result.output).group(1)
    joined = say(staff_client, f"JOIN {code}")
    assert "WD-01" in joined and "code still works" in joined
    shown = say(staff_client, "Y K12 2 two girls")
    # The notifications it would send, as each responder would read them, are shown:
    # the NGO sees who reported it, the police do not (SAFETY 8).
    assert "this goes now to ngo-duty (sms, telegram)" in shown
    assert "this goes now to atu-chief (sms)" in shown
    ngo, police = shown.split("atu-chief (sms):")
    assert "From: WD-01" in ngo and "WD-01" not in police.split("within 10 minutes")[0]
    assert "Urgent alert 1: worker who looks under 18" in shown and "two girls" in shown
    assert "within 10 minutes, also to: ngo-manager, atu-deputy" in shown
    assert "Nothing was sent." in shown and shown.rstrip().endswith("OK 1")
    say(staff_client, "help they locked me in the room")
    asked = say(staff_client, "1")  # Ask our partner to contact me
    assert "this goes now to ngo-duty" in asked and "atu" not in asked  # never the police
    assert "A migrant asked for help" in asked and "Nothing was sent." in asked
    assert sql_count(db, "alerts") == 0 and sql_count(db, "notifications") == 0
    assert db.scalar(select(Reporter.join_code_hash)) is not None  # the code still works
    assert sql_count(db, "contacts", "reporter_id IS NOT NULL") == 0  # nobody enrolled
    assert fake_twilio.sent == [] and fake_telegram.calls("sendMessage") == []
    assert sql_count(db, "messages", "status NOT IN ('simulated', 'received', "
                                     "'processed')") == 0  # nothing queued to anyone


def test_a_sandboxed_join_is_this_browsers_only(staff_login, staff_client, runner):
    result = runner.invoke(args=["peers", "add", "--role", "watchdog", "--venues", "K12"])
    say(staff_client, "JOIN " + re.search(r"JOIN ([A-Z0-9]+)", result.output).group(1))
    other = staff_login("ngo", email="another@example.org")
    assert "Nothing was sent" not in say(other, "Y K12 2")  # an ordinary answer
    assert "OK 1" in say(staff_client, "Y K12 2")


def test_one_browser_cannot_read_anothers_conversation(staff_login, staff_client):
    say(staff_client, "my boss keeps my passport", address="+66800000000")
    other = staff_login("ngo", email="another@example.org")
    read = other.post("/simulator/messages", json={"channel": "sms", "address": "+66800000000",
                                                   "after": 0}).get_json()
    assert read["messages"] == []
    own = staff_client.post("/simulator/messages", json={
        "channel": "sms", "address": "+66800000000", "after": 0}).get_json()
    assert own["messages"]


def test_in_development_the_simulator_needs_no_login(make_app):
    app = make_app(TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None, TELEGRAM_BOT_TOKEN=None)
    assert not app.config["PRODUCTION"]
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    # No login, but the page's token still goes with each request, as its script sends it.
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token_of(page.get_data(as_text=True))
    assert say(client, "hello")


def test_production_without_a_secret_key_does_not_start(config):
    from bot import create_app

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set in production"):
        create_app({**config, "SECRET_KEY": None})


def test_the_start_without_a_secret_key_fails_with_one_line(process_env):
    import subprocess
    import sys
    from pathlib import Path

    from bot.config import PROJECT_ROOT

    env = {**process_env, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "x"}
    env.pop("SECRET_KEY", None)
    flask = Path(sys.executable).parent / "flask"
    done = subprocess.run([str(flask), "--app", "app", "db", "upgrade"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if "SECRET_KEY" in line]
    assert errors == ["cannot start: SECRET_KEY must be set in production (Twilio or "
                      "Telegram credentials are set, or APP_ENV=production)"]
    assert "Traceback" not in done.stderr
