"""Finding a place name in what a person typed: any script, any case, small typos."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bot.text.normalize import compact, fold


class PlaceIndex:
    """Names (in any script) → place id, found inside longer messages too."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        self._exact: dict[str, str] = {}
        self._latin_words: dict[str, str] = {}  # Latin names, matched as whole words
        for name, place_id in names:
            key = compact(name)
            if len(key) < 2:
                continue
            self._exact.setdefault(key, place_id)
            if key.isascii():
                self._latin_words.setdefault(fold(name), place_id)
        # Longest names first, so "Mueang Chiang Mai" wins over "Chiang Mai".
        self._by_length = sorted((k for k in self._exact if not k.isascii()), key=len,
                                 reverse=True)
        self._latin = sorted((k for k in self._exact if k.isascii() and len(k) >= 4),
                             key=len, reverse=True)
        self._latin_names = sorted(self._latin_words, key=len, reverse=True)

    def find(self, text: str) -> str | None:
        """The place a message names, or None."""
        return next(iter(self.find_all(text)), None)

    def find_all(self, text: str) -> list[str]:
        """Every place a message names, longest names first; typos only when none is."""
        haystack = compact(text)
        if not haystack:
            return []
        if haystack in self._exact:
            return [self._exact[haystack]]
        found: list[str] = []
        words = f" {fold(text)} "
        # Latin names as whole words ("Tak" is not in "take"), the longest first.
        for name in self._latin_names:
            if f" {name} " in words:
                found.append(self._latin_words[name])
        # Other scripts have no spaces between words: look inside the text, but a name of
        # three letters or fewer (เลย is also "at all") only as the whole message.
        found += [self._exact[key] for key in self._by_length if len(key) > 3 and key in haystack]
        # "chiangmai" written as one word.
        found += [self._exact[key] for key in self._latin if len(key) >= 6 and key in haystack]
        if not found and (fuzzy := self._fuzzy(text)):
            found.append(fuzzy)
        return list(dict.fromkeys(found))

    def _fuzzy(self, text: str) -> str | None:
        """Latin spellings with a letter or two wrong: 'Chonbury', 'Bangkock'."""
        words = fold(text).split()
        candidates = set(words)
        candidates |= {a + b for a, b in zip(words, words[1:], strict=False)}
        candidates |= {a + b + c for a, b, c in zip(words, words[1:], words[2:], strict=False)}
        best, best_score = None, 0.0
        for candidate in candidates:
            if not candidate.isascii() or len(candidate) < 5:
                continue
            for key in difflib.get_close_matches(candidate, self._latin, n=1, cutoff=0.85):
                score = difflib.SequenceMatcher(None, candidate, key).ratio()
                if score > best_score:
                    best, best_score = self._exact[key], score
        return best
