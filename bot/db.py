"""Database engine and sessions, one per application (Flask tutorial's `init_app` pattern)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            # pysqlite's own transaction handling breaks SAVEPOINTs (the dedupe relies on
            # them): turn it off and begin transactions ourselves, below.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            # WAL lets the web and clock processes read while the other writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):  # noqa: ANN001
            if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
                return
            # IMMEDIATE takes the write lock up front, so two writers wait for each other
            # (busy timeout) instead of failing when a read transaction tries to write.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


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
