"""`flask --app app db upgrade [REVISION]` (what the release step runs) and
`db revision -m MESSAGE`. The migrations themselves: `bot/migrate.py`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from bot import migrate

db_cli = AppGroup("db", help="Database schema commands.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Bring the database schema up to date (what the release step runs)."""
    before = migrate.current_revision(current_app)
    migrate.upgrade(current_app, revision)
    after = migrate.current_revision(current_app)
    click.echo(f"database schema at {after}" if before == after
               else f"database schema upgraded from {before or 'empty'} to {after}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrate.new_revision(current_app, message)
