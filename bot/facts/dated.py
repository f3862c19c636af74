"""Every fact the service quotes carries where it comes from and when it was checked.

A facts file whose entry lacks `source`, `effective_from` or `verified` stops the start,
with the file and the entry named, so an unsourced number never reaches a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

REQUIRED = ("source", "effective_from", "verified")


class FactsFileError(ValueError):
    """A facts file that cannot be trusted: says which file and which entry."""


@dataclass(frozen=True)
class Dated:
    source: str
    effective_from: date
    verified: date


def dated(path: str | Path, entry: str, raw: object) -> Dated:
    """The entry's source and dates, or FactsFileError naming the file and the entry."""
    if not isinstance(raw, dict):
        raise FactsFileError(f"{path}: {entry}: expected a mapping with {', '.join(REQUIRED)}")
    missing = [key for key in REQUIRED if raw.get(key) in (None, "")]
    if missing:
        raise FactsFileError(f"{path}: {entry}: missing {', '.join(missing)}")
    for key in ("effective_from", "verified"):
        if not isinstance(raw[key], date):
            raise FactsFileError(f"{path}: {entry}: {key} must be a date like 2026-11-23, "
                                 f"not {raw[key]!r}")
    return Dated(source=str(raw["source"]), effective_from=raw["effective_from"],
                 verified=raw["verified"])
