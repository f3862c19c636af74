"""Database sessions for the Flask app: one per request (closed at teardown), and short
ones for jobs, commands and retries (the Flask tutorial's `init_app` pattern)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's (or app context's) session, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def new_session(app: Flask | None = None) -> Iterator[Session]:
    """A short-lived session outside the request's, for jobs and retries."""
    factory = (app or current_app).extensions["db_sessionmaker"]
    session = factory()
    try:
        yield session
    finally:
        session.close()


def ping() -> bool:
    with new_session() as session:
        return session.execute(text("SELECT 1")).scalar() == 1
