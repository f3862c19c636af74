"""`flask --app app i18n ...`: extract, update and compile the gettext catalogs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app
from flask.cli import AppGroup

from bot.config import PROJECT_ROOT
from bot.text.catalogs import DOMAIN
from bot.text.languages import Languages

i18n_cli = AppGroup("i18n", help="Translation catalogs (pybabel wrapped).")
# Babel 2.18 writes a wrong plural rule for Burmese; it has no plural forms.
PLURAL_FORMS = {"my": "nplurals=1; plural=0;"}


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=PROJECT_ROOT)


def _locales_dir() -> Path:
    return Path(current_app.config["LOCALES_DIR"])


def _pot() -> Path:
    return _locales_dir() / f"{DOMAIN}.pot"


@i18n_cli.command("extract")
def extract() -> None:
    """Write locales/messages.pot from the code and the flows."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "N_", "--add-comments=Translators:",
             "--no-location", "--sort-output", "--project", "mekong-safe-migration-bot",
             "-o", str(_pot()), "bot", "flows")


@i18n_cli.command("update")
def update() -> None:
    """Extract, then merge new messages into every language's .po (creating missing ones)."""
    extract.callback()
    flows = Path(current_app.config["FLOWS_DIR"])
    for language in Languages.load(flows / "languages.yaml").codes:
        po = _locales_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            _pybabel("update", "-i", str(_pot()), "-d", str(_locales_dir()), "-l", language,
                     "--no-fuzzy-matching", "--ignore-obsolete")
        else:
            _pybabel("init", "-i", str(_pot()), "-d", str(_locales_dir()), "-l", language)
        fix_headers(po, language)


def fix_headers(po: Path, language: str) -> None:
    """Set the plural rule Babel gets wrong and, for English, the source text as msgstr."""
    if language == "en":
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if message.id and not message.string:
                message.string = message.id
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100)
    if language in PLURAL_FORMS:
        text = re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {PLURAL_FORMS[language]}\\\\n"',
                      po.read_text(encoding="utf-8"))
        po.write_text(text, encoding="utf-8")


@i18n_cli.command("compile")
def compile_catalogs() -> None:
    """Build the .mo files (the service also reads the .po files directly)."""
    _pybabel("compile", "-d", str(_locales_dir()), "--statistics")


def init_app(app: Flask) -> None:
    app.cli.add_command(i18n_cli)
