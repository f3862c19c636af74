"""`flask --app app report monthly --month 2026-10 [--csv]`: the monthly meeting's report,
built by `bot/alerts/report.py`."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from bot.alerts import report
from bot.sessions import new_session

report_cli = AppGroup("report", help="Reports for the monthly meeting.")


@report_cli.command("monthly")
@click.option("--month", default=lambda: date.today().strftime("%Y-%m"), show_default="this month")
@click.option("--csv", "as_csv_", is_flag=True, help="Write CSV instead of text.")
def monthly_command(month: str, as_csv_: bool) -> None:
    """Counts by code, venue and week, changes on last month, time to acknowledge."""
    network = current_app.extensions.get("alerts")
    if network is None:
        raise click.ClickException("no ALERTS_FILE: there are no alerts to report")
    try:
        report.month_bounds(month)
    except report.BadMonth as error:
        raise click.BadParameter(str(error)) from error
    with new_session() as session:
        data = report.monthly(session, network.codebook, month)
    click.echo(report.as_csv(data) if as_csv_ else report.as_text(data), nl=not as_csv_)
