"""The README's quick start: two commands; `.ci/run` runs the test one; `run` serves the
simulator on the embedded default; `flask chat` talks in a terminal."""

from __future__ import annotations

import os
import re
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
    finally:
        stop(process)
    # The embedded default: a SQLite file and a generated data key under instance/.
    assert (tmp_path / "instance" / "bot.sqlite3").exists()
    assert (tmp_path / "instance" / "data_key").stat().st_mode & 0o077 == 0


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
