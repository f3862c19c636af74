"""Migrations that change data, run on a database of their own (SQLite, or a fresh
PostgreSQL database next to the suite's when DATABASE_URL names one)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
from sqlalchemy import create_engine, make_url, text

from bot import create_app, migrate
from tests.helpers import DATA_KEY

SECRET_NOTE = "girl aged 15 moved to the Phnom Penh house by the owner's brother"


@pytest.fixture
def empty_database(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"migration_{uuid.uuid4().hex[:8]}"
    server = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()


def test_old_closing_notes_leave_the_audit_trail_and_the_redaction_is_recorded(
        empty_database):
    app = create_app({"DATABASE_URL": empty_database, "DATA_KEY": DATA_KEY, "TESTING": True})
    migrate.upgrade(app, "0005")
    engine = app.extensions["db_engine"]
    at = datetime(2026, 10, 1, 12, 0)
    with engine.begin() as db:  # two alerts closed before 0005: with a note, and without
        ids = [db.execute(text("INSERT INTO alerts (number, kind, severity, duress, status, "
                               "outcome, created_at, updated_at) VALUES (:number, 'coded', "
                               "'urgent', false, 'closed', 'referred', :at, :at) RETURNING id"),
                          {"number": number, "at": at}).scalar_one() for number in (1, 2)]
        events = [db.execute(text("INSERT INTO audit_events (alert_id, at, actor, event, "
                                  "detail) VALUES (:alert, :at, 'ngo-duty', 'closed', :detail) "
                                  "RETURNING id"),
                             {"alert": alert_id, "at": at, "detail": detail}).scalar_one()
                  for alert_id, detail in zip(ids, (
                      f'{{"outcome": "referred", "note": "{SECRET_NOTE}"}}',
                      '{"outcome": "referred", "note": ""}'), strict=True)]
    migrate.upgrade(app, "head")
    with engine.connect() as db:
        trail = db.execute(text("SELECT id, alert_id, actor, event, detail FROM audit_events "
                                "ORDER BY id")).all()
        close_notes = dict(db.execute(text("SELECT id, close_note FROM alerts")).all())
    assert SECRET_NOTE not in repr(trail)
    details = [row.detail if isinstance(row.detail, dict) else json.loads(row.detail)
               for row in trail]
    assert details[:2] == [{"outcome": "referred", "with_note": True},
                           {"outcome": "referred", "with_note": False}]
    assert [(row.alert_id, row.actor, row.event) for row in trail[2:]] == [
        (ids[0], "migration", "redacted")]
    assert details[2] == {"field": "note", "event_id": events[0]}
    # The note now lives where the retention purge empties free text.
    assert close_notes == {ids[0]: SECRET_NOTE, ids[1]: None}
    engine.dispose()
