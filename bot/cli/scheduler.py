"""`flask --app app scheduler`: the clock process (Procfile `clock:`), in `bot/scheduler.py`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from bot import scheduler


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the clock: outbox retries, purges (what the Procfile's clock: runs)."""
    scheduler.run(current_app._get_current_object())  # type: ignore[attr-defined]
