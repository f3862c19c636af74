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
import shutil
import socket
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
    _quietly([*pip, "--upgrade", "pip"])
    _quietly([*pip, "-e", f"{ROOT}[test]"])
    STAMP.write_text(wanted)


def _quietly(command: list[str]) -> None:
    """Run an install step; its output is shown only when it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(command[2:5])} ... (output above)")


def flask(*args: str) -> None:
    done = subprocess.run([str(PYTHON), "-m", "flask", "--app", "app", *args], cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(done.returncode)  # flask said why, in one line


HOST = "127.0.0.1"  # what `flask run` serves: the address printed is the one served


def run(args: list[str]) -> int:
    ensure_environment()
    port = os.environ.get("PORT", "5000")
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT must be a number from 1 to 65535, for example PORT=5001 "
              f"python3 dev.py run (got {port[:20]!r})", file=sys.stderr)
        return 2
    if not _port_free(int(port)):
        print(f"port {port} is in use: choose another, for example PORT={int(port) + 1} "
              "python3 dev.py run", file=sys.stderr)
        return 1
    flask("db", "upgrade")
    print(f"\nchat simulator: http://{HOST}:{port}/   (Ctrl-C stops it)\n", flush=True)
    server = subprocess.Popen([str(PYTHON), "-m", "flask", "--app", "app", "run", "--host",
                               HOST, "--port", port, *args], cwd=ROOT)
    try:
        return server.wait()
    except KeyboardInterrupt:  # the server got the same Ctrl-C: let it finish, quietly
        try:
            server.wait(timeout=10)
        except (KeyboardInterrupt, subprocess.TimeoutExpired):
            server.kill()
        print("\nstopped", flush=True)
        return 0


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


BROWSER_HINT = ("the browser tests need Chromium and Noto fonts: `apt-get install chromium "
                "fonts-noto-core` on Debian/Ubuntu, or your system's Chromium and Noto Sans "
                "Khmer, Lao, Myanmar and Thai")


def _debian_has(package: str) -> bool:
    query = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                           capture_output=True, text=True)
    return query.returncode == 0 and "ok installed" in query.stdout


def ensure_browser() -> None:
    """The browser tests drive the system's Chromium, with Noto fonts for Khmer, Lao,
    Myanmar and Thai; pip cannot install those, so on Debian as root apt-get does."""
    apt = shutil.which("apt-get")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (apt and shutil.which("dpkg-query")):
        if not chromium:
            print(BROWSER_HINT, flush=True)
        return
    missing = [] if chromium else ["chromium"]
    if not _debian_has("fonts-noto-core"):
        missing.append("fonts-noto-core")
    if not missing:
        return
    if os.geteuid() == 0:
        print(f"installing {' '.join(missing)} for the browser tests ...", flush=True)
        quiet = {"stdout": subprocess.DEVNULL,
                 "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}}
        if (subprocess.call([apt, "update", "-qq"], **quiet) == 0
                and subprocess.call([apt, "install", "-y", "-qq", *missing], **quiet) == 0):
            return
    print(BROWSER_HINT, flush=True)


NODE_DIR = ROOT / "tests" / "node"
NODE_STAMP = NODE_DIR / "node_modules" / ".installed"  # npm ci empties node_modules first
NODE_HINT = ("the segment-counter tests need Node.js 18+ and npm (`apt-get install nodejs npm` "
             "on Debian/Ubuntu, or https://nodejs.org/)")


def ensure_segment_counter() -> None:
    """The SMS tests check our counts against Twilio's own calculator, an npm package:
    install it into tests/node (first run, and whenever package-lock.json changes)."""
    wanted = hashlib.sha256((NODE_DIR / "package-lock.json").read_bytes()).hexdigest()
    installed = NODE_DIR / "node_modules" / "sms-segments-calculator"
    if installed.is_dir() and NODE_STAMP.exists() and NODE_STAMP.read_text() == wanted:
        return
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node or _node_major(node) < 18:
        raise SystemExit(NODE_HINT)
    print("installing Twilio's segment calculator into tests/node (first run only) ...",
          flush=True)
    done = subprocess.run([npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit("failed: npm ci --prefix tests/node ... (output above)")
    NODE_STAMP.write_text(wanted)


def _node_major(node: str) -> int:
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    major = version.strip().lstrip("v").split(".")[0]  # "v20.20.2"
    return int(major) if major.isdigit() else 0


def test(args: list[str]) -> int:
    ensure_environment()
    ensure_browser()
    ensure_segment_counter()
    flask("i18n", "compile")
    # -q: a line of dots and a short summary (failures in full); other options as given.
    return subprocess.call([str(PYTHON), "-m", "pytest", "-q", *args], cwd=ROOT)


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C during an install or the tests: no traceback
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
