"""`flask --app app i18n extract|update|compile|status`: the gettext catalogs, kept by
`bot/text/catalog_files.py`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from bot.config import PROJECT_ROOT
from bot.text import catalog_files
from bot.text.languages import Languages

i18n_cli = AppGroup("i18n", help="Translation catalogs (Babel).")


def _locales_dir() -> Path:
    return Path(current_app.config["LOCALES_DIR"])


def _languages() -> list[str]:
    return Languages.load(Path(current_app.config["WORDS_DIR"]) / "languages.yaml").codes


@i18n_cli.command("extract")
def extract() -> None:
    """Write locales/messages.pot from the code, the flows and their data."""
    catalog_files.extract(_locales_dir())


@i18n_cli.command("update")
def update() -> None:
    """Extract, then merge new messages into every language's .po (creating missing ones)."""
    for path in catalog_files.update(_locales_dir(), _languages()):
        click.echo(f"updated {path.relative_to(PROJECT_ROOT)}")


@i18n_cli.command("compile")
def compile_catalogs() -> None:
    """Build the .mo files (the service also reads the .po files directly)."""
    count = catalog_files.compile_all(_locales_dir(), _languages())
    click.echo(f"compiled {count} catalogs")


@i18n_cli.command("status")
def status() -> None:
    """Per language: messages, translated, and reviewed by a native speaker."""
    click.echo(f"{'language':<10}{'messages':>10}{'translated':>12}{'reviewed':>10}")
    for row in catalog_files.status(_locales_dir(), _languages()):
        click.echo(f"{row.locale:<10}{row.messages:>10}{row.translated:>12}{row.reviewed:>10}")
