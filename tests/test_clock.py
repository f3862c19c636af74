"""The clock's lease (one clock runs the jobs) and the retention purge (SAFETY 14)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot import leases
from bot.models import Lease, Message, utcnow
from bot.scheduler import LEASE_NAME, Clock
from bot.sessions import new_session
from tests.helpers import queue_message


def test_only_one_clock_holds_the_lease(app, db):
    first, second = Clock(app), Clock(app)
    ran = []
    first.run_job("probe", lambda session: ran.append("first"))
    second.run_job("probe", lambda session: ran.append("second"))
    first.run_job("probe", lambda session: ran.append("first"))
    assert ran == ["first", "first"]


def test_an_expired_lease_is_taken_over(app, db):
    first, second = Clock(app), Clock(app)
    first.run_job("probe", lambda session: None)
    db.execute(update(Lease).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    ran = []
    second.run_job("probe", lambda session: ran.append("second"))
    assert ran == ["second"]
    assert db.scalar(select(Lease.holder).where(Lease.name == LEASE_NAME)) == second.holder


def test_released_lease_is_free_at_once(app):
    with new_session(app) as session:
        assert leases.acquire(session, "x", "a", timedelta(minutes=5))
        assert not leases.acquire(session, "x", "b", timedelta(minutes=5))
        leases.release(session, "x", "a")
        assert leases.acquire(session, "x", "b", timedelta(minutes=5))


def test_a_failing_job_does_not_stop_the_clock(app, caplog):
    def broken(session):
        raise RuntimeError("boom")

    Clock(app).run_job("broken", broken)
    assert "clock job broken failed" in caplog.text


def test_old_message_text_is_purged(app, db, send_sms):
    send_sms("hello")
    send_sms("6")
    db.execute(update(Message).where(Message.body.like("hello%"))
               .values(created_at=utcnow() - timedelta(days=91)))
    db.commit()
    clock = Clock(app)
    clock.run_job("purge", clock.purge_message_bodies)
    db.expire_all()
    bodies = [m.body for m in db.scalars(select(Message).order_by(Message.id))]
    assert bodies[0] is None  # the 91-day-old "hello"
    assert all(body is not None for body in bodies[1:])


def test_queued_messages_are_never_purged(app, db):
    message_id = queue_message(app, "sim:1", "still to send",
                               created_at=utcnow() - timedelta(days=200))
    clock = Clock(app)
    clock.run_job("purge", clock.purge_message_bodies)
    assert db.get(Message, message_id).body == "still to send"


def test_closing_notes_are_not_in_the_audit_trail_and_are_purged(app, db, runner, send_sms):
    from bot.models import Alert, AuditEvent
    from tests.test_alerts import NGO_DUTY, REPORTER_PHONE, enrol

    enrol(runner)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    send_sms("CLOSE 1 removed called her sister in Battambang", sender=NGO_DUTY)
    closed = db.scalar(select(AuditEvent).where(AuditEvent.event == "closed"))
    assert "Battambang" not in str(closed.detail) and closed.detail["with_note"] is True
    assert db.scalar(select(Alert.close_note)) == "called her sister in Battambang"
    db.execute(update(Alert).values(created_at=utcnow() - timedelta(days=91)))
    db.commit()
    clock = Clock(app)
    clock.run_job("purge", clock.purge_message_bodies)
    db.expire_all()
    alert = db.scalar(select(Alert))
    assert alert.close_note is None and (alert.code, alert.outcome) == ("Y", "removed")
