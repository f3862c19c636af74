"""`flask --app app staff add EMAIL --role admin|ngo|police --password-stdin`, `staff
unlock EMAIL`, `staff password EMAIL --password-stdin` and `staff list`: dashboard accounts
(`bot/staff/accounts.py`)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from bot.models import StaffAccount
from bot.sessions import new_session
from bot.staff import accounts

staff_cli = AppGroup("staff", help="Dashboard accounts for NGO and police staff.")
DASHBOARD_LOCALES = ("en", "km", "th", "vi", "lo", "my")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line; the newline an `echo` or a file adds is not part of the password.
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@staff_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--lang", type=click.Choice(DASHBOARD_LOCALES), default="en", show_default=True,
              help="The language the dashboard is shown in.")
@click.option("--responder", default=None,
              help="This person's contact id in the alerts file, if they are in it.")
def add_command(email: str, role: str, password_stdin: bool, lang: str,
                responder: str | None) -> None:
    """Create a dashboard account."""
    network = current_app.extensions.get("alerts")
    if responder and (network is None or responder not in network.codebook.contacts):
        raise click.BadParameter(f"{responder!r} is not a contact in the alerts file",
                                 param_hint="--responder")
    password = _read_password(password_stdin)
    with new_session() as session:
        try:
            account = accounts.add_account(session, email, role, password, lang, responder)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"added {account.email} ({account.role})")


@staff_cli.command("unlock")
@click.argument("email")
def unlock_command(email: str) -> None:
    """Unlock an account locked after too many failed logins."""
    with new_session() as session:
        try:
            account = accounts.unlock(session, email)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"unlocked {account.email}")


@staff_cli.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def password_command(email: str, password_stdin: bool) -> None:
    """Set a new password for an account (and unlock it); its sessions end."""
    password = _read_password(password_stdin)
    with new_session() as session:
        try:
            account = accounts.set_password(session, email, password)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"new password set for {account.email}")


@staff_cli.command("list")
def list_command() -> None:
    """Every account with its role and state."""
    with new_session() as session:
        for account in session.query(StaffAccount).order_by(StaffAccount.email):
            state = "locked" if account.locked_at else ("active" if account.active else "off")
            click.echo(f"{account.email:<40} {account.role:<7} {account.locale:<4} {state}")
