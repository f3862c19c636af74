"""The clock process (`flask --app app scheduler`, Procfile `clock:`; the command is in
`bot/cli/scheduler.py`).

APScheduler 3 must not run inside web workers, where every worker would run every job.
One clock process runs a BlockingScheduler; each job first renews a database lease, so a
second clock process started by mistake (or during a redeploy) stays idle.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from datetime import timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot import leases
from bot.alerts.reminders import send_meeting_reminders
from bot.db import rowcount
from bot.facts.freshness import DEFAULT_DAYS as STALE_AFTER_DAYS
from bot.facts.freshness import local_today, stale_facts
from bot.models import Alert, Message, utcnow
from bot.notices import send_wage_notices
from bot.services import services
from bot.sessions import new_session

log = logging.getLogger(__name__)

LEASE_NAME = "clock"
LEASE_TTL = timedelta(seconds=30)
OUTBOX_INTERVAL_SECONDS = 5
ESCALATION_INTERVAL_SECONDS = 5


class Clock:
    def __init__(self, app: Flask):
        self.app = app
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def run_job(self, name: str, job) -> None:  # noqa: ANN001
        """Run `job(session)` in an app context, only while holding the lease."""
        with self.app.app_context(), new_session(self.app) as session:
            if not leases.acquire(session, LEASE_NAME, self.holder, LEASE_TTL):
                log.debug("clock lease held elsewhere: %s skipped", name)
                return
            try:
                job(session)
            except Exception:
                session.rollback()
                log.exception("clock job %s failed; it runs again at its next time", name)

    def deliver_outbox(self, session: Session) -> None:
        count = services(self.app).outbox.deliver_due(session)
        if count:
            log.info("outbox: %d message(s) attempted", count)

    def purge_message_bodies(self, session: Session) -> None:
        """SAFETY 14: message text older than RETENTION_DAYS is deleted."""
        cutoff = utcnow() - timedelta(days=self.app.config["RETENTION_DAYS"])
        purged = rowcount(session.execute(
            update(Message).where(Message.created_at < cutoff, Message.body.is_not(None),
                                  Message.status.not_in(("queued", "sending")))
            .values(body=None, buttons=None)
        ))
        # Alerts keep only their structured fields (code, venue, time, count).
        session.execute(update(Alert).where(
            Alert.created_at < cutoff,
            (Alert.note.is_not(None)) | (Alert.close_note.is_not(None)))
            .values(note=None, close_note=None))
        session.commit()
        if purged:
            log.info("purged the text of %d message(s) older than %d days", purged,
                     self.app.config["RETENTION_DAYS"])

    def wage_notices(self, session: Session) -> None:
        send_wage_notices(session, services(self.app), utcnow())

    def escalations(self, session: Session) -> None:
        svc = services(self.app)
        if svc.network is None:
            return
        message_ids = svc.network.escalate_due(session)
        session.commit()
        svc.outbox.deliver(session, message_ids)

    def meeting_reminders(self, session: Session) -> None:
        svc = services(self.app)
        if svc.network is not None:
            send_meeting_reminders(session, svc, utcnow())

    def stale_facts_warning(self, session: Session) -> None:
        """Once a week, while any wage or hotline has not been verified for too long."""
        facts = services(self.app).facts
        found = stale_facts(facts.wages, facts.hotlines, local_today(facts.timezone))
        if found:
            log.warning("%d fact(s) not verified within %d days, e.g. %s: run "
                        "`flask --app app facts stale`", len(found), STALE_AFTER_DAYS,
                        ", ".join(fact.what for fact in found[:3]))

    def build(self) -> BlockingScheduler:
        scheduler = BlockingScheduler(timezone="UTC")
        now = utcnow()
        jobs = [("outbox", self.deliver_outbox, {"seconds": OUTBOX_INTERVAL_SECONDS}),
                ("escalations", self.escalations, {"seconds": ESCALATION_INTERVAL_SECONDS}),
                ("meetings", self.meeting_reminders, {"minutes": 10}),
                ("wage_notices", self.wage_notices, {"minutes": 10}),
                ("purge", self.purge_message_bodies, {"hours": 1}),
                ("stale_facts", self.stale_facts_warning, {"weeks": 1})]
        for name, job, interval in jobs:
            scheduler.add_job(self.run_job, "interval", args=(name, job), id=name,
                              max_instances=1, coalesce=True, next_run_time=now, **interval)
        return scheduler


def run(app: Flask) -> None:
    """Run the clock until SIGTERM or SIGINT, then give up its lease."""
    clock = Clock(app)
    scheduler = clock.build()

    stopping = threading.Event()

    def _on_signal(signum, _frame) -> None:  # noqa: ANN001
        # Only set a flag here: shutting the scheduler down from inside the handler can
        # interrupt the scheduler's own loop half-way and leave the process hanging.
        log.info("clock stopping on signal %s", signum)
        stopping.set()

    def _stopper() -> None:
        stopping.wait()
        if scheduler.running:
            # Let running jobs finish first: one finishing after the lease is released
            # would take it again and keep the next clock idle for LEASE_TTL.
            scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    stopper = threading.Thread(target=_stopper, name="clock-stopper", daemon=True)
    stopper.start()
    log.info("clock started (%s)", clock.holder)
    try:
        scheduler.start()
        stopper.join(timeout=LEASE_TTL.total_seconds())
    finally:
        with new_session(app) as session:
            leases.release(session, LEASE_NAME, clock.holder)
        log.info("clock stopped")
