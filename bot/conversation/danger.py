"""Someone in danger now, found in free text before anything else reads it (SAFETY 6).

Words and phrases per language live in words/danger.yaml. Recall comes first: a person who
is locked in, beaten, guarded or being moved against their will must get the emergency
numbers at once, however they write it; the intent classifier's own danger intent is a
second net behind this one. Matching:
- text and phrases are folded alike: NFC, Zawgyi converted to Unicode, case and Latin
  accents dropped (`bị nhốt` = `bi nhot`, `đ` = `d`);
- a phrase in Latin letters matches whole consecutive words, `lock*` any word starting so;
- a phrase in Thai, Lao, Khmer or Burmese matches anywhere in the text with spaces removed
  (those scripts are written without spaces between words);
- `a & b` needs both parts anywhere in the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.text import zawgyi
from bot.text.normalize import fold

_NON_LATIN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def _fold(text: str) -> str:
    return fold(zawgyi.to_unicode(text)).replace("đ", "d")


@dataclass(frozen=True)
class Part:
    latin: tuple[str, ...] | None  # words, a trailing * for a prefix; None: script text
    compact: str | None

    @classmethod
    def parse(cls, phrase: str) -> Part:
        if _NON_LATIN.search(phrase):
            return cls(latin=None, compact=_fold(phrase.replace("*", "")).replace(" ", ""))
        words: list[str] = []
        for raw in phrase.split():
            folded = _fold(raw.rstrip("*")).split()
            if folded and raw.endswith("*"):
                folded[-1] += "*"
            words += folded
        return cls(latin=tuple(words), compact=None)

    def found(self, words: list[str], compact: str) -> bool:
        if self.latin is None:
            return bool(self.compact) and self.compact in compact
        size = len(self.latin)
        return size > 0 and any(
            all(_word_matches(pattern, word) for pattern, word in zip(
                self.latin, words[i:i + size], strict=True))
            for i in range(len(words) - size + 1))


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


@dataclass(frozen=True)
class Signal:
    language: str
    phrase: str
    parts: tuple[Part, ...]


class DangerDetector:
    def __init__(self, signals: list[Signal]):
        self.signals = signals

    @classmethod
    def load(cls, path: str | Path) -> DangerDetector:
        with Path(path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        signals = []
        for language, phrases in (data.get("languages") or {}).items():
            for phrase in phrases or ():
                parts = tuple(Part.parse(part) for part in str(phrase).split("&"))
                if not all(part.latin or part.compact for part in parts):
                    raise ValueError(f"{path}: {language}: empty phrase {phrase!r}")
                signals.append(Signal(str(language), str(phrase), parts))
        if not signals:
            raise ValueError(f"{path}: no danger phrases")
        return cls(signals)

    def detect(self, text: str) -> Signal | None:
        """The first danger phrase the message contains, or None."""
        if not text or not text.strip():
            return None
        folded = _fold(text)
        words, compact = folded.split(), folded.replace(" ", "")
        for signal in self.signals:
            if all(part.found(words, compact) for part in signal.parts):
                return signal
        return None
