"""`flask --app app peers add [PHONE] --role peer_educator|watchdog [--venues K12,B03]
[--lang km]` and `peers revoke PSEUDONYM`: enrolling reporters (`bot/alerts/reporters.py`)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from bot.alerts import reporters
from bot.services import services
from bot.sessions import new_session

peers_cli = AppGroup("peers", help="Peer educators and watchdogs.")


@peers_cli.command("add")
@click.argument("phone", required=False)
@click.option("--role", type=click.Choice(sorted(reporters.PREFIX)), required=True)
@click.option("--venues", default="", help="Venue codes, comma-separated: K12,B03")
@click.option("--lang", default="km", show_default=True)
def add_command(phone: str | None, role: str, venues: str, lang: str) -> None:
    """Enrol a reporter; prints the pseudonym and a one-time join code (JOIN <code>)."""
    svc = services()
    network = current_app.extensions.get("alerts")
    try:
        codes = reporters.venue_codes(venues, network.codebook.venues if network else None)
    except reporters.UnknownVenues as error:
        raise click.ClickException(str(error)) from None
    if lang not in svc.engine.languages.codes:
        raise click.ClickException(f"--lang must be one of {', '.join(svc.engine.languages.codes)}")
    if phone is not None:
        try:
            phone = reporters.phone_number(phone)
        except reporters.NotAPhoneNumber as error:
            raise click.BadParameter(f"PHONE must be {error}", param_hint="PHONE") from None
    with new_session() as session:
        reporter, code = reporters.enrol(session, svc.cipher, role, codes, lang, phone)
        session.commit()
        click.echo(f"enrolled {reporter.pseudonym} ({role})"
                   + (" with the given phone" if phone else ""))
        click.echo(f"join code: {code}  (send: JOIN {code})"
                   + ("; it can add a Telegram chat, not another phone" if phone else ""))


@peers_cli.command("revoke")
@click.argument("pseudonym")
def revoke_command(pseudonym: str) -> None:
    """Stop a reporter's codes from working, at once."""
    with new_session() as session:
        try:
            reporters.revoke(session, pseudonym)
        except reporters.NoSuchReporter as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"revoked {pseudonym}")
