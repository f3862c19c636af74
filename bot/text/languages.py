"""The languages of the service, in menu order, from `words/languages.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.text.normalize import normalize_words


@dataclass(frozen=True)
class Language:
    code: str
    native: str
    latin: str
    names: tuple[str, ...]

    @property
    def menu_label(self) -> str:
        return self.native if self.native == self.latin else f"{self.native} ({self.latin})"


class Languages:
    def __init__(self, languages: list[Language]):
        self.all = languages
        self._by_name: dict[str, str] = {}
        for language in languages:
            for name in (language.code, language.native, language.latin, *language.names):
                self._by_name[normalize_words(name)] = language.code

    @classmethod
    def load(cls, path: str | Path) -> Languages:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        languages = []
        for number, item in enumerate(data or [], start=1):
            if not isinstance(item, dict) or not {"code", "native", "latin"} <= set(item):
                raise ValueError(f"{path}: entry {number} needs code, native and latin")
            languages.append(Language(code=item["code"], native=item["native"],
                                      latin=item["latin"],
                                      names=tuple(str(n) for n in item.get("names") or ())))
        return cls(languages)

    @property
    def codes(self) -> list[str]:
        return [language.code for language in self.all]

    def by_name(self, text: str) -> str | None:
        """The code of the language a person typed the name of, in any script or case."""
        return self._by_name.get(normalize_words(text))
