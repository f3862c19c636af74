"""Schema migrations (Alembic) and the `flask db` commands that drive them."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from flask import Flask, current_app
from flask.cli import AppGroup

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

db_cli = AppGroup("db", help="Database schema commands.")


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


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Bring the database schema up to date (what the release step runs)."""
    before = current_revision(current_app)
    upgrade(current_app, revision)
    after = current_revision(current_app)
    click.echo(f"database schema at {after}" if before == after
               else f"database schema upgraded from {before or 'empty'} to {after}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(current_app), message=message, autogenerate=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
