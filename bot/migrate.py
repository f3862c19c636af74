"""Schema migrations (Alembic): bring the database up to date, read its revision, write a
new migration. The `flask db` commands that drive them are in `bot/cli/db.py`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(app: Flask) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on % in passwords.
    config.set_main_option("sqlalchemy.url", app.config["DATABASE_URL"].replace("%", "%%"))
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    command.upgrade(alembic_config(app), revision)


def current_revision(app: Flask) -> str | None:
    """The schema revision the database is at (None when it has no schema yet)."""
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def new_revision(app: Flask, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(app), message=message, autogenerate=True)
