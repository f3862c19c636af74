#!/usr/bin/env python3
"""The two quick-start commands, for a fresh machine with only Python 3.

    python3 dev.py run     # the service on SQLite with the chat simulator at http://localhost:5000/
    python3 dev.py test    # the whole test suite (SQLite, or DATABASE_URL if set)

Each creates `.venv/` and installs the project into it on first use (and again whenever
pyproject.toml changes), so nothing has to be installed by hand.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def ensure_environment() -> None:
    """Create the virtual environment and install the project with its test extra."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing dependencies into .venv (first run only) ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def flask(*args: str) -> None:
    subprocess.run([str(PYTHON), "-m", "flask", "--app", "app", *args], check=True, cwd=ROOT)


def run(args: list[str]) -> int:
    ensure_environment()
    port = os.environ.get("PORT", "5000")
    flask("db", "upgrade")
    print(f"\nchat simulator: http://localhost:{port}/\n", flush=True)
    return subprocess.call(
        [str(PYTHON), "-m", "flask", "--app", "app", "run", "--port", port, *args], cwd=ROOT
    )


def test(args: list[str]) -> int:
    ensure_environment()
    flask("i18n", "compile")
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
