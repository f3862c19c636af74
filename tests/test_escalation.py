"""Escalation when nobody acknowledges in time, carried by the clock process across a
restart, and never sent twice or after an acknowledgement."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.models import Escalation
from tests.helpers import PUBLIC_BASE_URL, new_sid, twilio_signature
from tests.processes import procfile, start, stop, wait_for_log

REPORTER_PHONE = "+85512777002"
NGO_DUTY, NGO_MANAGER, ATU_DEPUTY = "+85512000001", "+85512000002", "+85512000004"
AFTER_SECONDS = 3


@pytest.fixture
def quick_ladder(tmp_path) -> Path:
    """The example alerts file with step 2 after three seconds instead of ten minutes."""
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text(encoding="utf-8"))
    data["severities"]["urgent"][1]["after"] = f"{AFTER_SECONDS}s"
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def escalating(make_app, config, quick_ladder, process_env, fake_twilio):
    app = make_app(ALERTS_FILE=str(quick_ladder))
    env = {**process_env, "ALERTS_FILE": str(quick_ladder), "SECRET_KEY": "test",
           "TWILIO_ACCOUNT_SID": config["TWILIO_ACCOUNT_SID"],
           "TWILIO_AUTH_TOKEN": config["TWILIO_AUTH_TOKEN"],
           "TWILIO_FROM_NUMBER": config["TWILIO_FROM_NUMBER"],
           "TWILIO_API_BASE_URL": fake_twilio.url}
    return app, env


def sms(app, text: str, sender: str) -> None:
    params = {"From": sender, "Body": text, "MessageSid": new_sid()}
    signature = twilio_signature(f"{PUBLIC_BASE_URL}/sms/twilio", params)
    response = app.test_client().post("/sms/twilio", data=params,
                                      headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


def sent_to(fake_twilio, number: str) -> list[str]:
    return [r.form["Body"] for r in fake_twilio.sent if r.form["To"] == number]


def raise_alert(app) -> None:
    result = app.test_cli_runner().invoke(
        args=["peers", "add", REPORTER_PHONE, "--role", "peer_educator", "--venues", "K12"])
    assert result.exit_code == 0, result.output
    sms(app, "Y K12 1", REPORTER_PHONE)


def run_clock_twice(env: dict, tmp_path, seconds: float) -> str:
    """One clock, stopped (a redeploy), then a new one: the deadline is in the database."""
    first = start(procfile()["clock"], env, tmp_path / "clock1.log")
    wait_for_log(tmp_path / "clock1.log", "clock started", first)
    assert stop(first) == 0
    second = start(procfile()["clock"], env, tmp_path / "clock2.log")
    try:
        wait_for_log(tmp_path / "clock2.log", "clock started", second)
        time.sleep(seconds)
    finally:
        assert stop(second) == 0
    return (tmp_path / "clock1.log").read_text() + (tmp_path / "clock2.log").read_text()


def test_unacknowledged_alert_escalates_to_step_two_across_a_restart(
        escalating, fake_twilio, db, tmp_path):
    app, env = escalating
    raise_alert(app)
    assert sent_to(fake_twilio, NGO_MANAGER) == []
    log = run_clock_twice(env, tmp_path, AFTER_SECONDS + 5)
    [manager] = sent_to(fake_twilio, NGO_MANAGER)
    [deputy] = sent_to(fake_twilio, ATU_DEPUTY)
    assert "Alert 1" in manager and "Alert 1" in deputy
    assert db.scalar(select(Escalation.status)) == "done"
    assert REPORTER_PHONE not in log and REPORTER_PHONE[-8:] not in log


def test_acknowledged_in_time_stops_step_two(escalating, fake_twilio, db, tmp_path):
    app, env = escalating
    raise_alert(app)
    sms(app, "OK 1", NGO_DUTY)
    run_clock_twice(env, tmp_path, AFTER_SECONDS + 3)
    assert sent_to(fake_twilio, NGO_MANAGER) == [] and sent_to(fake_twilio, ATU_DEPUTY) == []
    assert db.scalar(select(Escalation.status)) == "cancelled"


def test_two_clocks_never_send_a_step_twice(escalating, fake_twilio, db):
    app, _ = escalating
    raise_alert(app)
    time.sleep(AFTER_SECONDS + 0.5)
    network = app.extensions["bot"].network
    from bot.sessions import new_session

    with new_session(app) as one, new_session(app) as two:
        first = network.escalate_due(one)
        second = network.escalate_due(two)
    assert first and not second


def test_two_clocks_that_both_saw_a_step_due_send_it_once(escalating, fake_twilio, db):
    """Both read the due list before either claims: only the atomic claim keeps the second
    from sending the step again."""
    app, _ = escalating
    raise_alert(app)
    time.sleep(AFTER_SECONDS + 0.5)
    network = app.extensions["bot"].network
    from bot.sessions import new_session

    with new_session(app) as one, new_session(app) as two:
        seen_one = network.due_escalations(one)
        one.commit()  # (on SQLite every transaction holds the write lock)
        seen_two = network.due_escalations(two)
        two.commit()
        assert seen_one == seen_two and seen_one
        sent = [network.run_escalation(one, escalation) for escalation in seen_one]
        again = [network.run_escalation(two, escalation) for escalation in seen_two]
    assert any(sent) and not any(again)
