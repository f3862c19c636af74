"""One SECRET_KEY for every worker and process: a session made on one is accepted by all.

The web process starts as the Procfile writes it, with two gunicorn workers. Since a test
cannot choose the worker a request reaches, two web processes on the same database serve
one browser: the simulator conversation it starts on one is read, with its session cookie,
on the other (and not without it). In development with no SECRET_KEY the key is generated
once into `instance/secret_key`, as DATA_KEY is, and shared by everything started on that
folder; in production a start without it stops with one line.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.instance_secrets import generated_secret
from tests.helpers import csrf_token_of
from tests.processes import free_port, procfile, start, stop, wait_for

ADDRESS = "+66800000123"
GENERATED = "SECRET_KEY is not set: generated one into"


def _web_env(process_env: dict, **changes: str | None) -> dict:
    env = {key: value for key, value in process_env.items()
           if key not in ("SECRET_KEY", "APP_ENV")}
    env.update(WEB_CONCURRENCY="2", PORT=str(free_port()))
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


TOKENS: dict[str, str] = {}  # session cookie → the CSRF token its page carried


class Web:
    """One `web:` process of the Procfile."""

    def __init__(self, env: dict, log: Path):
        self.url = f"http://127.0.0.1:{env['PORT']}"
        self.log = log
        self.process = start(procfile()["web"], env, log)

    def ready(self) -> Web:
        wait_for(f"{self.url}/healthz", self.process, self.log)
        return self

    def open_page(self) -> str:
        """A browser's first visit: the simulator page gives a session cookie and the CSRF
        token that its script sends with every request."""
        with urllib.request.urlopen(self.url + "/", timeout=30) as response:
            cookies = response.headers.get_all("Set-Cookie") or []
            token = csrf_token_of(response.read().decode())
        cookie = next(c.split(";", 1)[0] for c in cookies if c.startswith("session="))
        TOKENS[cookie] = token
        return cookie

    def post(self, path: str, payload: dict, cookie: str | None = None) -> tuple[dict, str]:
        cookie = cookie or self.open_page()
        request = urllib.request.Request(
            self.url + path, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "Cookie": cookie,
                     "X-CSRFToken": TOKENS[cookie]})
        with urllib.request.urlopen(request, timeout=30) as response:
            set_cookies = response.headers.get_all("Set-Cookie") or []
            body = json.loads(response.read())
        sent = [c.split(";", 1)[0] for c in set_cookies if c.startswith("session=")]
        if sent:  # the session changed (the simulator's token was added): the same CSRF
            TOKENS[sent[0]] = TOKENS[cookie]  # secret, so the same token, goes with it
        return body, sent[0] if sent else cookie

    def thread(self, cookie: str | None) -> list[str]:
        """The bodies of this browser's conversation with ADDRESS, both directions."""
        body, _ = self.post("/simulator/messages", {"channel": "sms", "address": ADDRESS,
                                                     "after": 0, "both": True}, cookie)
        return [message["body"] for message in body["messages"]]

    def stop(self) -> str:
        code = stop(self.process)
        output = self.log.read_text(errors="replace")
        assert code == 0, output
        return output


def _a_session_from_one_is_read_on_the_other(first: Web, second: Web) -> str:
    replies, cookie = first.post("/simulator/send", {"channel": "sms", "address": ADDRESS,
                                                     "text": "hello"})
    assert cookie and replies["replies"], replies
    # Several requests each, so both workers of each process are very likely reached.
    for web in (second, first, second, first, second, second):
        thread = web.thread(cookie)
        assert thread[0] == "hello" and len(thread) > 1, thread
    assert second.thread(None) == [] and first.thread(None) == []  # not without the cookie
    # The other process carries the conversation on, with the same session.
    more, _ = second.post("/simulator/send", {"channel": "sms", "address": ADDRESS,
                                               "text": "menu"}, cookie)
    assert more["replies"]
    assert first.thread(cookie).count("menu") == 1
    return cookie


def test_one_secret_key_serves_every_worker_of_every_process(app, process_env, tmp_path):
    env = _web_env(process_env, SECRET_KEY="one secret key for every worker")
    first = Web(env, tmp_path / "first.log")
    second = Web({**env, "PORT": str(free_port())}, tmp_path / "second.log")
    other = Web({**env, "PORT": str(free_port()), "SECRET_KEY": "another deployment's key"},
                tmp_path / "other.log")
    try:
        for web in (first, second, other):
            web.ready()
        cookie = _a_session_from_one_is_read_on_the_other(first, second)
        # A cookie signed with another key is refused: the session, and the CSRF token it
        # holds, do not exist there.
        with pytest.raises(urllib.error.HTTPError) as refused:
            other.thread(cookie)
        assert refused.value.code == 400
    finally:
        outputs = [web.stop() for web in (first, second, other)]
    assert not any(GENERATED in output for output in outputs)
    assert not (Path(env["INSTANCE_PATH"]) / "secret_key").exists()


def test_in_development_the_generated_key_is_shared(app, process_env, tmp_path):
    instance = tmp_path / "shared-instance"
    env = _web_env(process_env, INSTANCE_PATH=str(instance), DATA_KEY=None)
    # Both start at once: four workers race to generate the keys, and all read the same.
    first = Web(env, tmp_path / "first.log")
    second = Web({**env, "PORT": str(free_port())}, tmp_path / "second.log")
    try:
        first.ready()
        second.ready()
        _a_session_from_one_is_read_on_the_other(first, second)
    finally:
        outputs = [first.stop(), second.stop()]
    key_file = instance / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0  # owner-only, as instance/data_key
    assert len(key_file.read_text()) >= 32
    # Made once, by one worker: the others read it.
    assert "\n".join(outputs).count(GENERATED) == 1, outputs
    assert "\n".join(outputs).count("DATA_KEY is not set: generated one into") == 1
    assert [p.name for p in instance.iterdir() if p.name.startswith(".")] == []  # no drafts

    # A later start on the same folder keeps the key: yesterday's session still works.
    again = Web({**env, "PORT": str(free_port())}, tmp_path / "again.log")
    try:
        again.ready()
    finally:
        assert GENERATED not in again.stop()
    assert key_file.read_text() == (instance / "secret_key").read_text()


def test_the_web_start_in_production_without_a_secret_key_fails_with_one_line(
        process_env, tmp_path):
    env = _web_env(process_env, APP_ENV="production")  # two workers, as the Procfile says
    done = subprocess.run(["sh", "-c", f"exec {procfile()['web']}"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Booting worker" not in done.stderr  # stopped before any worker started
    errors = [line for line in done.stderr.splitlines() if "SECRET_KEY" in line]
    assert errors == ["cannot start: SECRET_KEY must be set in production (Twilio or "
                      "Telegram credentials are set, or APP_ENV=production)"], done.stderr
    assert "Traceback" not in done.stderr
    assert not (Path(env["INSTANCE_PATH"]) / "secret_key").exists()


def test_a_generated_secret_is_written_once(tmp_path):
    path = tmp_path / "instance" / "secret_key"
    made = generated_secret(path, "SECRET_KEY")
    assert generated_secret(path, "SECRET_KEY") == made
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(path.parent.iterdir()) == [path]


def test_the_worker_that_loses_the_race_reads_the_winners_secret(tmp_path, monkeypatch):
    import bot.instance_secrets as instance_secrets

    path = tmp_path / "secret_key"
    real_link = instance_secrets.os.link

    def another_worker_links_first(source, target):
        Path(target).write_text("the other worker's secret")
        real_link(source, target)

    monkeypatch.setattr(instance_secrets.os, "link", another_worker_links_first)
    assert generated_secret(path, "SECRET_KEY") == "the other worker's secret"
    assert list(tmp_path.iterdir()) == [path]  # our draft is gone


def test_an_empty_key_file_is_refused(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("")
    with pytest.raises(RuntimeError, match="secret_key is empty: set SECRET_KEY"):
        generated_secret(path, "SECRET_KEY")
