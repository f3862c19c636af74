"""Fixtures in the Flask tutorial's style: `app`, `client`, `runner`, plus local servers
that speak Twilio's and Telegram's APIs, and helpers that sign requests as they do.

The database is SQLite in a temporary folder, or the one DATABASE_URL names (CI runs the
suite against PostgreSQL this way). Migrations run once; each test starts from empty tables.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import MetaData, create_engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from bot import create_app
from bot.db import Base
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.helpers import (
    DATA_KEY,
    PUBLIC_BASE_URL,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    THAI_NUMBER,
    TWILIO_SID,
    TWILIO_TOKEN,
    log_in_staff,
    new_sid,
    new_update_id,
    twilio_signature,
)
from tests.processes import free_port


def _sqlalchemy_url(url: str) -> str:
    for old in ("postgres://", "postgresql://"):
        if url.startswith(old):
            return "postgresql+psycopg://" + url[len(old):]
    return url


def meant_for_tests(url: str) -> bool:
    """The suite empties the database it runs on: only one whose name says "test" will do
    (CI's is `test`), never a deployment's by a mistyped DATABASE_URL."""
    try:
        name = make_url(_sqlalchemy_url(url)).database or ""
    except ArgumentError:
        return False
    return "test" in Path(name).name.lower()


def pytest_configure(config: pytest.Config) -> None:
    configured = os.environ.get("DATABASE_URL")
    if configured and not meant_for_tests(configured):
        raise pytest.UsageError(
            "DATABASE_URL names a database that is not meant for tests: the tests empty the "
            "database they run on. Use one whose name contains 'test' (for example "
            "postgresql://postgres@127.0.0.1:5432/test), or unset DATABASE_URL for SQLite.")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return _sqlalchemy_url(configured)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def migrated_database(database_url: str, tmp_path_factory) -> str:
    """Drop whatever an earlier run left, then build the schema with the real migrations."""
    engine = create_engine(database_url)
    existing = MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": database_url, "DATA_KEY": DATA_KEY, "SECRET_KEY": "test",
                      "TESTING": True})
    from bot import migrate

    migrate.upgrade(app)
    app.extensions["db_engine"].dispose()
    return database_url


@pytest.fixture(scope="session")
def fake_twilio():
    with FakeTwilio(TWILIO_SID, TWILIO_TOKEN) as server:
        yield server


@pytest.fixture(scope="session")
def fake_telegram():
    with FakeTelegram(TELEGRAM_TOKEN) as server:
        yield server


@pytest.fixture
def config(migrated_database, fake_twilio, fake_telegram, tmp_path) -> dict:
    fake_twilio.reset()
    fake_telegram.reset()
    return {
        "TESTING": True,
        "DATABASE_URL": migrated_database,
        "DATA_KEY": DATA_KEY,
        "SECRET_KEY": "test",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_FROM_NUMBER": "+66800000001",
        "TWILIO_API_BASE_URL": fake_twilio.url,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
    }


@pytest.fixture
def app(config):
    app = create_app(config)
    yield app
    _empty_tables(app)
    app.extensions["db_engine"].dispose()


@pytest.fixture
def make_app(config):
    """Another app on the test database with some settings changed: make_app(KEY=value)."""
    made = []

    def make(**overrides):
        made.append(create_app({**config, **overrides}))
        return made[-1]

    yield make
    for app in made:
        _empty_tables(app)
        app.extensions["db_engine"].dispose()


def _empty_tables(app) -> None:
    with app.extensions["db_engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def staff_login(app):
    """A browser logged in to the dashboard with an account of `role`, created on first
    use, sending the CSRF token with every request as the pages' scripts do:
    staff_login("police"), staff_login("ngo", locale="km")."""

    def login(role: str = "ngo", email: str | None = None, locale: str = "en",
              responder: str | None = None):
        return log_in_staff(app.test_client(), role, email, locale, responder)

    return login


@pytest.fixture
def staff_client(staff_login):
    """A browser with a staff session: with provider credentials set (as here), the
    simulator is for logged-in staff only."""
    return staff_login("ngo")


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session for looking at what the service stored. It autocommits, so it never holds
    a lock or an old snapshot while the app under test writes."""
    engine = app.extensions["db_engine"].execution_options(isolation_level="AUTOCOMMIT")
    session = Session(engine, expire_on_commit=False)
    yield session
    session.close()


@pytest.fixture
def catalogs(app):
    return app.extensions["bot"].catalogs


@pytest.fixture
def send_sms(client):
    """Post an inbound SMS to /sms/twilio signed as Twilio signs it."""

    def send(body: str, sender: str = THAI_NUMBER, sid: str | None = None,
             signature: str | None = None, **extra: str):
        params = {"From": sender, "To": "+66800000001", "Body": body,
                  "MessageSid": sid or new_sid(), "AccountSid": TWILIO_SID, "NumMedia": "0",
                  **extra}
        url = f"{PUBLIC_BASE_URL}/sms/twilio"
        headers = {"X-Twilio-Signature": signature if signature is not None
                   else twilio_signature(url, params)}
        return client.post("/sms/twilio", data=urlencode(params), headers=headers,
                           content_type="application/x-www-form-urlencoded")

    return send


@pytest.fixture
def send_update(client):
    """Post a Telegram Update to the webhook with the secret header."""

    def send(update: dict, secret: str | None = TELEGRAM_SECRET):
        update = {"update_id": new_update_id(), **update}
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        return client.post("/telegram/webhook", json=update, headers=headers)

    return send


@pytest.fixture
def process_env(migrated_database, tmp_path) -> dict[str, str]:
    """The environment a Procfile process gets on a host, pointed at the test database."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TWILIO_", "TELEGRAM_"))}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               PORT=str(free_port()), DATABASE_URL=migrated_database, DATA_KEY=DATA_KEY,
               INSTANCE_PATH=str(tmp_path / "instance"), WEB_CONCURRENCY="1",
               PYTHONUNBUFFERED="1")
    return env
