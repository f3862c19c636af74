"""`flask --app app people forget ADDRESS [--telegram] [--yes]`: erase a person on request
(done by `bot/forget.py`)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from bot.channels import registry
from bot.contacts import find_contact
from bot.crypto import DataCipher
from bot.forget import forget
from bot.sessions import new_session

people_cli = AppGroup("people", help="People who write to the service.")


@people_cli.command("forget")
@click.argument("address")
@click.option("--channel", "channel_name", type=click.Choice(registry.names()), default=None,
              help="The channel ADDRESS is on; by default the one of phone numbers (SMS).")
# The README's shorthand, kept: the same as --channel telegram.
@click.option("--telegram", "is_telegram", is_flag=True, help="ADDRESS is a Telegram chat id.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget_command(address: str, channel_name: str | None, is_telegram: bool,
                   yes: bool) -> None:
    """Erase a person's messages and identifiers (their alerts keep only their facts)."""
    cipher: DataCipher = current_app.extensions["bot"].cipher
    channel = "telegram" if is_telegram else (channel_name
                                                or registry.for_phone_numbers().name)
    with new_session() as session:
        contact = find_contact(session, cipher, channel, address)
        if contact is None:
            raise click.ClickException("nobody with that number or chat id")
        if not yes:
            click.confirm("Erase everything about this person? This cannot be undone", abort=True)
        counts = forget(session, contact)
        session.commit()
    click.echo("forgotten: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
