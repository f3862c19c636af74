"""Telling a greeting from a question: "xin chào bạn" is hello, not a question about days
off. A message is a greeting when it can be cut, with nothing left over, into greetings
and polite words from `words/greetings.yaml` (at least one greeting). Thai, Lao, Khmer and
Burmese are written without spaces, so the cut is made on the letters, spaces removed."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from bot.text.normalize import compact

# Longer messages are never only a greeting; the cut is quadratic in the length.
MAX_LENGTH = 60


class Greetings:
    def __init__(self, greetings: dict[str, str], polite: set[str]):
        self._greetings = greetings  # folded greeting → its language
        self._polite = polite - set(greetings)

    @classmethod
    def load(cls, path: str | Path) -> Greetings:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        greetings: dict[str, str] = {}
        for language, phrases in (data.get("greetings") or {}).items():
            for phrase in phrases or ():
                greetings.setdefault(compact(str(phrase)), str(language))
        polite = {compact(str(word)) for words in (data.get("polite") or {}).values()
                  for word in words or ()}
        return cls(greetings, polite)

    def language_of(self, text: str) -> str | None:
        """The language of the greeting when `text` is only a greeting, else None. With
        greetings in several languages, one other than English wins (it says more)."""
        key = compact(text)
        if not key or len(key) > MAX_LENGTH or any(char.isdigit() for char in key):
            return None
        found = self._cut(key)
        if not found:
            return None
        return next((language for language in found if language != "en"), found[0])

    def _cut(self, key: str) -> tuple[str, ...] | None:
        @cache
        def cut_from(start: int) -> tuple[tuple[str, ...], bool] | None:
            # (languages of the greetings found, whether any was found) for key[start:]
            if start == len(key):
                return (), False
            fallback = None
            for end in range(len(key), start, -1):
                piece = key[start:end]
                language = self._greetings.get(piece)
                if language is None and piece not in self._polite:
                    continue
                rest = cut_from(end)
                if rest is None:
                    continue
                languages, greeted = rest
                if language is not None:
                    return (language, *languages), True
                if greeted:
                    return languages, True
                fallback = fallback or (languages, False)
            return fallback

        result = cut_from(0)
        return result[0] if result and result[1] else None
