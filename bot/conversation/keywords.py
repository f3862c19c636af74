"""Global keywords (MENU, LANGUAGE, HELP, STOP, START) in every language, from YAML."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.text.normalize import normalize_words

ACTIONS = ("menu", "language", "help", "stop", "start", "employer")


class Keywords:
    def __init__(self, table: dict[str, str]):
        self._table = table

    @classmethod
    def load(cls, path: str | Path) -> Keywords:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        table: dict[str, str] = {}
        for action, by_language in data.items():
            if action not in ACTIONS:
                raise ValueError(f"{path}: unknown keyword action {action!r}")
            for language, words in (by_language or {}).items():
                for word in words or []:
                    key = normalize_words(str(word))
                    if table.get(key, action) != action:
                        raise ValueError(
                            f"{path}: {word!r} ({language}) is both {table[key]} and {action}"
                        )
                    table[key] = action
        for action in ACTIONS:  # Telegram commands
            table[f"/{action}"] = action
        return cls(table)

    def match(self, text: str) -> str | None:
        """The action a whole message asks for, or None."""
        key = normalize_words(text)
        if key.startswith("/"):
            # "/start payload" (deep links) and "/start@SomeBot" name the same command.
            key = key.split(" ", 1)[0].split("@", 1)[0]
        return self._table.get(key)
