"""The alert network under load (issue: alerts under attack and load): reporters sending
at the same moment all get a numbered alert and their reply; responders acknowledging at
the same moment give one owner. Run on SQLite and on PostgreSQL (CI runs both)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
import yaml
from sqlalchemy import func, select

from bot.config import PROJECT_ROOT
from bot.models import Alert, AuditEvent
from tests.helpers import PUBLIC_BASE_URL, new_sid, twilio_signature
from tests.test_twilio_sms import twiml_messages

RESPONDERS = 20


def _post_sms(app, body: str, sender: str):
    params = {"From": sender, "To": "+66800000001", "Body": body, "MessageSid": new_sid()}
    url = f"{PUBLIC_BASE_URL}/sms/twilio"
    return app.test_client().post(
        "/sms/twilio", data=urlencode(params), content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": twilio_signature(url, params)})


def at_once(count: int, work) -> list:  # noqa: ANN001
    """Run work(i) for i in range(count) in threads released at the same moment."""
    barrier = threading.Barrier(count)

    def run(i: int):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_reporters_at_once_get_fifty_numbered_alerts(app, runner, db):
    phones = [f"+8551277{i:04d}" for i in range(50)]
    for phone in phones:
        result = runner.invoke(args=["peers", "add", phone, "--role", "peer_educator"])
        assert result.exit_code == 0, result.output
    responses = at_once(50, lambda i: _post_sms(app, "Y K12 2", phones[i]))
    assert [r.status_code for r in responses] == [200] * 50
    replies = sorted(twiml_messages(r)[0] for r in responses)
    numbers = sorted(db.scalars(select(Alert.number)).all())
    assert numbers == list(range(1, 51))
    assert replies == sorted(f"OK {n}" for n in numbers)


@pytest.fixture
def crowded_app(make_app, tmp_path):
    """Twenty NGO contacts, all told of an urgent alert at once."""
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text("utf-8"))
    data["contacts"] = [{"id": f"ngo-{i}", "org": "ngo", "sms": f"+8551200{i:04d}"}
                        for i in range(RESPONDERS)]
    data["severities"] = {"urgent": [{"notify": [c["id"] for c in data["contacts"]]}],
                          "report": [{"notify": ["ngo-0"]}]}
    data["meetings"] = []
    data["on_call"] = {}
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return make_app(ALERTS_FILE=str(path))


def test_twenty_acknowledgements_at_once_give_one_owner(crowded_app, db):
    app = crowded_app
    result = app.test_cli_runner().invoke(args=["peers", "add", "+85512777001", "--role",
                                                "peer_educator"])
    assert result.exit_code == 0, result.output
    assert twiml_messages(_post_sms(app, "Y K12 2", "+85512777001")) == ["OK 1"]
    responses = at_once(RESPONDERS, lambda i: _post_sms(app, "OK 1", f"+8551200{i:04d}"))
    assert [r.status_code for r in responses] == [200] * RESPONDERS
    answers = [twiml_messages(r)[0] for r in responses]
    owner = db.scalar(select(Alert.acknowledged_by))
    assert answers.count("Thank you. Alert 1 is yours.") == 1
    assert answers.count(f"Alert 1 was already taken by {owner}.") == RESPONDERS - 1
    assert db.scalars(select(AuditEvent.actor).where(
        AuditEvent.event == "acknowledged")).all() == [owner]


def test_one_join_code_from_eight_phones_at_once_enrols_one(app, runner, db):
    from bot.models import Contact

    result = runner.invoke(args=["peers", "add", "--role", "watchdog"])
    code = result.output.split("JOIN ")[1].split(")")[0].strip()
    responses = at_once(8, lambda i: _post_sms(app, f"JOIN {code}", f"+8551288{i:04d}"))
    assert [r.status_code for r in responses] == [200] * 8
    assert db.scalar(select(func.count()).select_from(Contact).where(
        Contact.reporter_id.is_not(None))) == 1


def test_join_attempts_are_limited_per_sender(app, runner, db):
    from bot.models import Contact

    result = runner.invoke(args=["peers", "add", "--role", "watchdog"])
    code = result.output.split("JOIN ")[1].split(")")[0].strip()
    assert len(code) >= 10
    sender = "+85512990001"
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"):
        _post_sms(app, f"JOIN {guess}", sender)
    ordinary = twiml_messages(_post_sms(app, f"JOIN {code}", sender))  # the 4th in a minute
    assert db.scalar(select(Contact.reporter_id).where(Contact.reporter_id.is_not(None))) \
        is None
    assert ordinary == twiml_messages(_post_sms(app, "JOIN ZZZZZZZZZZ", "+85512990002"))
    catalogs = app.extensions["bot"].catalogs
    assert twiml_messages(_post_sms(app, f"JOIN {code}", "+85512990003")) == [
        catalogs.gettext("km", "Welcome. You are connected now.")]  # the code still works
