"""Keeping the gettext catalogs: extract the template from the code, the flows and their
data, merge it into every language's .po, build the .mo files, count what is translated.
The `flask --app app i18n` commands that drive this are in `bot/cli/i18n.py`.

A translation a native speaker has checked carries the flag `reviewed` in its .po entry
(`#, reviewed`); `status` counts them per language.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.config import PROJECT_ROOT
from bot.text.catalogs import DOMAIN, locale_directory, plural_locale
from bot.text.extract import SOURCE_DIRS

# Babel writes a wrong plural rule for Burmese; it has no plural forms.
PLURAL_FORMS = {"my": "nplurals=1; plural=0;"}
REVIEWED = "reviewed"


@dataclass(frozen=True)
class Status:
    locale: str
    messages: int
    translated: int
    reviewed: int


def po_path(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale_directory(locale) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=plural_locale(locale))


def extract(locales_dir: Path) -> None:
    """Write locales/messages.pot from the code, the flows and their data."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "--add-comments=Translators:", "--no-location",
                    "--sort-output", "--project", "mekong-safe-migration-bot", "-w", "100",
                    "-o", str(locales_dir / f"{DOMAIN}.pot"), *SOURCE_DIRS],
                   check=True, cwd=PROJECT_ROOT)


def update(locales_dir: Path, locales: Iterable[str]) -> Iterator[Path]:
    """Extract, then merge new messages into every language's .po (creating missing ones);
    yields each .po as it is written."""
    extract(locales_dir)
    for locale in locales:
        # A fresh template each time: Catalog.update shares message objects with it.
        with (locales_dir / f"{DOMAIN}.pot").open("rb") as handle:
            template = read_po(handle, locale=plural_locale(locale))
        path = po_path(locales_dir, locale)
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
        yield path


def _fix_plural_header(path: Path, locale: str) -> None:
    rule = PLURAL_FORMS.get(plural_locale(locale))
    if rule:
        text = re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {rule}\\\\n"',
                      path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")


def compile_all(locales_dir: Path, locales: Iterable[str]) -> int:
    """Build the .mo files (the service also reads the .po files directly); returns how
    many."""
    count = 0
    for locale in locales:
        path = po_path(locales_dir, locale)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, _read(path, locale), use_fuzzy=False)
        count += 1
    return count


def status(locales_dir: Path, locales: Iterable[str]) -> list[Status]:
    """Per language: messages, translated, and reviewed by a native speaker."""
    rows = []
    for locale in locales:
        messages = [m for m in _read(po_path(locales_dir, locale), locale) if m.id]
        translated = [m for m in messages if m.string and "fuzzy" not in m.flags]
        reviewed = [m for m in translated if REVIEWED in m.flags]
        rows.append(Status(locale, len(messages), len(translated), len(reviewed)))
    return rows
