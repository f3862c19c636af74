"""Text shown to people: gettext catalogs, languages, scripts and digits.

Nothing here knows about Flask or any transport; the locale is always the contact's,
passed explicitly, never taken from an HTTP request.
"""

from bot.text.catalogs import N_, Catalogs, get_catalogs, load_catalogs

__all__ = ["Catalogs", "N_", "get_catalogs", "load_catalogs"]
