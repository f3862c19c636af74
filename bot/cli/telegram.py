"""`flask --app app telegram set-webhook`: register PUBLIC_BASE_URL/telegram/webhook with
Telegram (done in `bot/channels/telegram.py`)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from bot.channels import telegram

telegram_cli = AppGroup("telegram", help="Telegram bot commands.")


@telegram_cli.command("set-webhook")
def set_webhook_command() -> None:
    """Register PUBLIC_BASE_URL/telegram/webhook with the secret token."""
    try:
        url = telegram.set_webhook(current_app)
    except telegram.NotConfigured as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"webhook set to {url}")
