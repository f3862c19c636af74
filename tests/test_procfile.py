"""`release`, `web` and `clock` start exactly as the Procfile writes them, with $PORT set,
against the test database (SQLite, or PostgreSQL when DATABASE_URL names it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.models import Message
from tests.helpers import DATA_KEY, queue_message


def procfile() -> dict[str, str]:
    entries = {}
    for line in (PROJECT_ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            entries[name.strip()] = command.strip()
    return entries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def process_env(migrated_database, tmp_path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TWILIO_", "TELEGRAM_"))}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               PORT=str(free_port()), DATABASE_URL=migrated_database, DATA_KEY=DATA_KEY,
               INSTANCE_PATH=str(tmp_path / "instance"), WEB_CONCURRENCY="1",
               PYTHONUNBUFFERED="1")
    return env


def start(command: str, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(["sh", "-c", f"exec {command}"], cwd=PROJECT_ROOT, env=env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait()


def test_procfile_has_the_three_process_types():
    assert set(procfile()) == {"release", "web", "clock"}
    assert "$PORT" in procfile()["web"] and "0.0.0.0" in procfile()["web"]


def test_release_brings_the_schema_up_to_date(process_env, tmp_path):
    result = subprocess.run(["sh", "-c", procfile()["release"]], cwd=PROJECT_ROOT,
                            env=process_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "database at head" in result.stdout


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


def wait_for(url: str, process: subprocess.Popen, log: Path) -> bytes:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer: {log.read_text()}")
