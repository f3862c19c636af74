"""Undelivered is not delivered: when nobody of a step can be reached any more, the next
step of the ladder is due at once; both are in the audit trail."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.models import AuditEvent, Escalation, Message
from tests.test_alert_concurrency import _post_sms
from tests.test_alerts import ATU_CHIEF, NGO_MANAGER, REPORTER_PHONE, sms_to
from tests.test_outbox_sms import post_status


@pytest.fixture
def lone_police_app(make_app, tmp_path):
    """Step 1 of an urgent alert reaches only the police chief, by SMS."""
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text("utf-8"))
    data["severities"]["urgent"] = [{"notify": ["atu-chief", "ngo-duty"]},
                                    {"after": "10m", "notify": ["ngo-manager"]}]
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return make_app(ALERTS_FILE=str(path))


def _sid_to(db, app, number: str) -> str:
    services = app.extensions["bot"]
    for message in db.scalars(select(Message).where(Message.direction == "out",
                                                    Message.external_id.like("SM%"))):
        if services.cipher.decrypt(message.contact.address_enc) == number:
            return message.external_id
    raise AssertionError(number)


def test_when_nobody_of_a_step_is_reached_the_next_step_comes_at_once(
        lone_police_app, fake_twilio, db):
    app = lone_police_app
    client = app.test_client()
    app.test_cli_runner().invoke(args=["peers", "add", REPORTER_PHONE, "--role",
                                       "peer_educator"])
    _post_sms(app, "Y K12 2", REPORTER_PHONE)
    due_before = db.scalar(select(Escalation.due_at))
    # The police chief's SMS fails: the NGO duty contact was still reached, nothing changes.
    assert post_status(client, _sid_to(db, app, ATU_CHIEF), "undelivered",
                       ErrorCode="30003").status_code == 204
    assert db.scalar(select(Escalation.due_at)) == due_before
    # Then every message of the step has failed: step 2 is due now.
    for message in db.scalars(select(Message).where(Message.direction == "out",
                                                    Message.channel == "telegram")):
        message.status = "failed"
    db.commit()
    duty = "+85512000001"
    post_status(client, _sid_to(db, app, duty), "undelivered", ErrorCode="30005")
    assert db.scalar(select(Escalation.due_at)) < due_before
    events = db.scalars(select(AuditEvent.event)).all()
    assert "escalated_early" in events and events.count("delivery") == 2
    with app.extensions["db_sessionmaker"]() as session:
        network = app.extensions["bot"].network
        message_ids = network.escalate_due(session)
        session.commit()
        app.extensions["bot"].outbox.deliver(session, message_ids)
    assert sms_to(fake_twilio, NGO_MANAGER)  # the next step, without waiting 10 minutes
