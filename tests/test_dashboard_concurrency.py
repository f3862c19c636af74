"""Staff at the same moment (issue 11, under load): twenty staff members pressing "Take it"
on the same alert, and twenty answering the same conversation, on SQLite and PostgreSQL
(CI runs both): one owner, every reply queued once, no 5xx."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bot.models import Alert, AuditEvent, Message
from tests.test_alert_concurrency import at_once

STAFF = 20
REPORTER = "+85510999222"


def test_twenty_staff_take_the_same_alert_and_one_gets_it(app, runner, send_sms, db,
                                                         staff_login):
    runner.invoke(args=["peers", "add", REPORTER, "--role", "peer_educator"])
    send_sms("Y K12 2", sender=REPORTER)
    number = db.scalar(select(Alert.number))
    clients = [staff_login("ngo", email=f"staff{i}@example.org") for i in range(STAFF)]
    responses = at_once(STAFF, lambda i: clients[i].post(f"/staff/alerts/{number}/take"))
    assert [r.status_code for r in responses] == [302] * STAFF
    owner = db.scalar(select(Alert.acknowledged_by))
    assert owner and owner.startswith("staff:")
    assert db.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.event == "acknowledged")) == 1


def test_twenty_replies_at_once_are_each_queued_once(app, send_update, db, staff_login,
                                                     fake_telegram, catalogs):
    from tests.test_dashboard_inbox import ask_for_a_person

    ask_for_a_person(send_update, fake_telegram, catalogs)
    number = db.scalar(select(Alert.number).where(Alert.kind == "person"))
    clients = [staff_login("ngo", email=f"replier{i}@example.org") for i in range(STAFF)]
    responses = at_once(STAFF, lambda i: clients[i].post(
        f"/staff/inbox/{number}/reply", data={"text": f"answer number {i}"}))
    assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
    bodies = db.scalars(select(Message.body).where(Message.author.like("staff:%"))).all()
    for i in range(STAFF):
        assert sum(bool(re.search(rf"answer number {i}\b", body or "")) for body in bodies) == 1, i
    assert db.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.event == "acknowledged")) == 1  # the first replier took it, once
