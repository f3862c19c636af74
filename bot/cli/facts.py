"""`flask --app app facts stale [--days 180]`: the figures nobody has checked lately (found
by `bot/facts/freshness.py`)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bot.facts.freshness import DEFAULT_DAYS, local_today, stale_facts
from bot.services import services

facts_cli = AppGroup("facts", help="Wages and hotlines the service quotes.")


@facts_cli.command("stale")
@click.option("--days", type=click.IntRange(min=0), default=DEFAULT_DAYS, show_default=True,
              help="List facts last verified more than this many days ago.")
def stale_command(days: int) -> None:
    """List wages and hotlines not verified within DAYS days, with their sources."""
    facts = services().facts
    today = local_today(facts.timezone)
    found = stale_facts(facts.wages, facts.hotlines, today, days)
    if not found:
        click.echo(f"Every fact quoted from {today} was verified within {days} days.")
        return
    click.echo(f"{len(found)} fact(s) not verified within {days} days (today {today}):")
    for fact in found:
        click.echo(f"  {fact.kind:<11} {fact.what:<40} verified {fact.verified}  "
                   f"({(today - fact.verified).days} days)  {fact.source}")
    click.echo("Check each source, then update `verified` (or add a new dated entry) in "
               "facts/.")
