"""`release`, `web` and `clock` start exactly as the Procfile writes them, with $PORT set,
against the test database (SQLite, or PostgreSQL when DATABASE_URL names it)."""

from __future__ import annotations

import subprocess
import time
import urllib.request

from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.models import Message
from tests.helpers import queue_message
from tests.processes import procfile, start, stop, wait_for


def test_procfile_has_the_three_process_types():
    assert set(procfile()) == {"release", "web", "clock"}
    assert "$PORT" in procfile()["web"] and "0.0.0.0" in procfile()["web"]


def test_release_brings_the_schema_up_to_date(process_env, tmp_path):
    result = subprocess.run(["sh", "-c", procfile()["release"]], cwd=PROJECT_ROOT,
                            env=process_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    from alembic.script import ScriptDirectory

    from bot.migrate import MIGRATIONS_DIR

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert f"database schema at {head}" in result.stdout  # the suite migrated it already


def test_web_serves_on_port(process_env, tmp_path):
    process = start(procfile()["web"], process_env, tmp_path / "web.log")
    url = f"http://127.0.0.1:{process_env['PORT']}"
    try:
        body = wait_for(f"{url}/healthz", process, tmp_path / "web.log")
        assert b'"database":"ok"' in body.replace(b" ", b"")
        with urllib.request.urlopen(f"{url}/", timeout=5) as page:  # noqa: S310
            assert b"Chat simulator" in page.read()
    finally:
        assert stop(process) == 0, (tmp_path / "web.log").read_text()


def test_clock_delivers_the_outbox_and_stops_cleanly(app, process_env, tmp_path, db):
    queued_id = queue_message(app, "sim:+66800000777", "hello later")
    process = start(procfile()["clock"], process_env, tmp_path / "clock.log")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            db.expire_all()
            if db.scalar(select(Message.status).where(Message.id == queued_id)) == "simulated":
                break
            time.sleep(0.5)
        assert db.scalar(select(Message.status).where(Message.id == queued_id)) == "simulated", \
            (tmp_path / "clock.log").read_text()
    finally:
        code = stop(process)
    output = (tmp_path / "clock.log").read_text()
    assert code == 0, output
    assert "clock started" in output and "clock stopped" in output
    assert "+66800000777" not in output
