"""`flask --app app i18n ...`: extract, update, compile and report the gettext catalogs.

A translation a native speaker has checked carries the flag `reviewed` in its .po entry
(`#, reviewed`); `i18n status` counts them per language.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app
from flask.cli import AppGroup

from bot.config import PROJECT_ROOT
from bot.text.catalogs import DOMAIN, locale_directory, plural_locale
from bot.text.languages import Languages

i18n_cli = AppGroup("i18n", help="Translation catalogs (Babel).")
# Babel writes a wrong plural rule for Burmese; it has no plural forms.
PLURAL_FORMS = {"my": "nplurals=1; plural=0;"}
REVIEWED = "reviewed"


def _locales_dir() -> Path:
    return Path(current_app.config["LOCALES_DIR"])


def _languages() -> list[str]:
    return Languages.load(Path(current_app.config["FLOWS_DIR"]) / "languages.yaml").codes


def po_path(locale: str) -> Path:
    return _locales_dir() / locale_directory(locale) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, locale: str):  # noqa: ANN202
    with path.open("rb") as handle:
        return read_po(handle, locale=plural_locale(locale))


@i18n_cli.command("extract")
def extract() -> None:
    """Write locales/messages.pot from the code and the flows."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "--add-comments=Translators:", "--no-location",
                    "--sort-output", "--project", "mekong-safe-migration-bot", "-w", "100",
                    "-o", str(_locales_dir() / f"{DOMAIN}.pot"), "bot", "flows"],
                   check=True, cwd=PROJECT_ROOT)


@i18n_cli.command("update")
def update() -> None:
    """Extract, then merge new messages into every language's .po (creating missing ones)."""
    extract.callback()
    for locale in _languages():
        # A fresh template each time: Catalog.update shares message objects with it.
        with (_locales_dir() / f"{DOMAIN}.pot").open("rb") as handle:
            template = read_po(handle, locale=plural_locale(locale))
        path = po_path(locale)
        if path.exists():
            catalog = _read(path, locale)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = template
        if locale == "en":  # the source language: msgstr is the msgid
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True)
        _fix_plural_header(path, locale)
        click.echo(f"updated {path.relative_to(PROJECT_ROOT)}")


def _fix_plural_header(path: Path, locale: str) -> None:
    rule = PLURAL_FORMS.get(plural_locale(locale))
    if rule:
        text = re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {rule}\\\\n"',
                      path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")


@i18n_cli.command("compile")
def compile_catalogs() -> None:
    """Build the .mo files (the service also reads the .po files directly)."""
    for locale in _languages():
        path = po_path(locale)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, _read(path, locale), use_fuzzy=False)
    click.echo(f"compiled {len(_languages())} catalogs")


@i18n_cli.command("status")
def status() -> None:
    """Per language: messages, translated, and reviewed by a native speaker."""
    click.echo(f"{'language':<10}{'messages':>10}{'translated':>12}{'reviewed':>10}")
    for locale in _languages():
        messages = [m for m in _read(po_path(locale), locale) if m.id]
        translated = [m for m in messages if m.string and "fuzzy" not in m.flags]
        reviewed = [m for m in translated if REVIEWED in m.flags]
        click.echo(f"{locale:<10}{len(messages):>10}{len(translated):>12}{len(reviewed):>10}")


def init_app(app: Flask) -> None:
    app.cli.add_command(i18n_cli)
