"""The README's quick start: two commands; `.ci/run` runs the test one; `run` serves the
simulator on the embedded default; `flask chat` talks in a terminal."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys

from bot.config import PROJECT_ROOT
from tests.helpers import menu_heading
from tests.processes import free_port, stop, wait_for


def quick_start_commands() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    commands = quick_start_commands()
    assert commands == ["python3 dev.py run", "python3 dev.py test"]
    assert commands[1] in (PROJECT_ROOT / ".ci" / "run").read_text()


def test_run_command_serves_the_simulator_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TWILIO_", "TELEGRAM_", "DATABASE_URL", "DATA_KEY"))}
    env.update(PORT=str(free_port()), INSTANCE_PATH=str(tmp_path / "instance"))
    log = tmp_path / "run.log"
    process = subprocess.Popen([sys.executable, "dev.py", "run"], cwd=PROJECT_ROOT, env=env,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        page = wait_for(f"http://127.0.0.1:{env['PORT']}/", process, log)
        assert b"Chat simulator" in page
        # Ctrl-C in a terminal reaches the whole foreground group: dev.py and the server.
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        stop(process)
    output = log.read_text(errors="replace")
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert "alembic" not in output.lower(), output  # no Alembic chatter
    # The address printed is the one served.
    printed = re.search(r"chat simulator: (\S+)", output).group(1)
    assert printed == f"http://127.0.0.1:{env['PORT']}/"
    # The embedded default: a SQLite file and a generated data key under instance/.
    assert (tmp_path / "instance" / "bot.sqlite3").exists()
    assert (tmp_path / "instance" / "data_key").stat().st_mode & 0o077 == 0


def test_run_command_says_when_the_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port), "INSTANCE_PATH": str(tmp_path / "instance")}
        done = subprocess.run([sys.executable, "dev.py", "run"], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"port {port} is in use" in done.stderr and "PORT=" in done.stderr
    assert "Traceback" not in done.stderr


def test_flask_commands_print_no_alembic_info(process_env):
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    helped = subprocess.run([*flask, "--help"], cwd=PROJECT_ROOT, env=process_env,
                            capture_output=True, text=True, timeout=60)
    upgraded = subprocess.run([*flask, "db", "upgrade"], cwd=PROJECT_ROOT, env=process_env,
                              capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and upgraded.returncode == 0
    for output in (helped.stdout + helped.stderr, upgraded.stdout + upgraded.stderr):
        assert "alembic" not in output.lower(), output
    assert upgraded.stdout.strip().startswith("database schema at ")


def test_peers_add_with_a_placeholder_number_fails_clearly(runner, db):
    from tests.helpers import sql_count

    result = runner.invoke(args=["peers", "add", "+855...", "--role", "peer_educator"])
    assert result.exit_code != 0
    assert "PHONE must be a whole number in international form" in result.output
    assert "Traceback" not in result.output
    assert sql_count(db, "reporters") == 0 and sql_count(db, "contacts") == 0


def test_chat_command_in_a_terminal(runner, catalogs):
    result = runner.invoke(args=["chat", "--channel", "sms", "--from", "+66800000555"],
                           input="ສະບາຍດີ\n3\n")
    assert result.exit_code == 0, result.output
    assert menu_heading(catalogs, "lo") in result.output
    assert "UCS-2" in result.output


def test_chat_command_presses_telegram_buttons(runner, catalogs):
    result = runner.invoke(args=["chat", "--channel", "telegram", "--from", "55"],
                           input="/start\n!5\n")
    assert result.exit_code == 0, result.output
    assert "[!5] ไทย (Thai)" in result.output
    assert menu_heading(catalogs, "th", "telegram") in result.output


def test_the_tests_refuse_a_database_not_meant_for_tests(tmp_path):
    """A mistyped DATABASE_URL must not empty a deployment's database."""
    import hashlib
    import sqlite3

    production = tmp_path / "bot.sqlite3"
    with sqlite3.connect(production) as connection:
        connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, note TEXT)")
        connection.execute("INSERT INTO contacts (note) VALUES ('a real person')")
    before = hashlib.sha256(production.read_bytes()).hexdigest()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{production}"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/test_text.py"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 4, done.stdout + done.stderr  # a usage error, nothing run
    assert "not meant for tests" in done.stderr
    assert hashlib.sha256(production.read_bytes()).hexdigest() == before
