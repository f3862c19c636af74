"""Gettext catalogs under `locales/<lang>/LC_MESSAGES/messages.po`, rendered per contact locale."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"
# English is the source language: its msgids are the English text.
SOURCE_LOCALE = "en"


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it here."""
    return message


class Catalogs:
    """All languages' translations, loaded once from the .po files."""

    def __init__(self, locales_dir: str | Path):
        self.locales_dir = Path(locales_dir)
        self._translations: dict[str, Translations] = {}
        for po_path in sorted(self.locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            locale = directory_locale(po_path.parent.parent.name)
            self._translations[locale] = _compile(po_path, locale)

    @property
    def locales(self) -> list[str]:
        return sorted(self._translations)

    def gettext(self, locale: str | None, message: str, **values: object) -> str:
        translations = self._translations.get(_catalog_locale(locale))
        text = translations.gettext(message) if translations else message
        return text.format(**values) if values else text

    def ngettext(
        self, locale: str | None, singular: str, plural: str, n: int, **values: object
    ) -> str:
        translations = self._translations.get(_catalog_locale(locale))
        if translations:
            text = translations.ngettext(singular, plural, n)
        else:
            text = singular if n == 1 else plural
        return text.format(n=n, **values)


def _catalog_locale(locale: str | None) -> str:
    return locale or SOURCE_LOCALE


def directory_locale(name: str) -> str:
    """Catalog folder → locale code: `km_Latn` holds romanized Khmer, `km-Latn`."""
    return name.replace("_", "-")


def locale_directory(locale: str) -> str:
    return locale.replace("-", "_")


def plural_locale(locale: str) -> str:
    """The CLDR locale whose plural rules apply (`km-Latn` counts like `km`)."""
    return locale.split("-")[0]


def _compile(po_path: Path, locale: str) -> Translations:
    """Compile a .po in memory, so a fresh checkout needs no build step to show its text."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=plural_locale(locale))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


_catalogs: Catalogs | None = None


def load_catalogs(locales_dir: str | Path) -> Catalogs:
    global _catalogs
    _catalogs = Catalogs(locales_dir)
    return _catalogs


def get_catalogs() -> Catalogs:
    if _catalogs is None:
        from bot.config import PROJECT_ROOT

        return load_catalogs(PROJECT_ROOT / "locales")
    return _catalogs
