"""An English gloss of what the bot wrote to someone in their language, for staff who do not
read it: every translated text maps back to its English source (msgstr → msgid).

A bot reply joins several catalog texts with newlines (SMS also puts the "Reply with a
number:" prompt on the heading's line and numbers its options), and some texts hold
placeholders ({number}); a line is glossed when it is a catalog text, a numbered option, a
few catalog texts joined by spaces, or a text with placeholders whose fixed parts match
(the values found are put in the English). A line that matches nothing is shown as "…".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

UNKNOWN = "…"
# A placeholder in a catalog text: {number}, {n}, {text}; a format spec is allowed.
_PLACEHOLDER = re.compile(r"\{(\w+)(?:[!:][^{}]*)?\}")
# A template matches only if its fixed parts are this long: "{text}" alone says nothing.
MIN_FIXED = 4
# SMS options: "3 At work: your rights"; any script's digits.
_OPTION = re.compile(r"^(\d{1,2})[.)]?\s+(.+)$")
# Lines with more spaces than this are not split into several catalog texts (cost).
MAX_SPACES = 40


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern
    msgid: str
    fixed: int  # how many characters are not placeholders


class Glossary:
    """The reverse index of one language: build once, then `gloss(text)`."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self._exact: dict[str, str] = {}
        templates: list[_Template] = []
        for msgid, msgstr in pairs:
            if not msgid or not msgstr:
                continue
            source, target = _norm(msgid), _norm(msgstr)
            if not target:
                continue
            if _PLACEHOLDER.search(target):
                template = _template(target, source)
                if template is not None:
                    templates.append(template)
            else:
                self._exact.setdefault(target, source)
        # The most specific first: more fixed text wins.
        self._templates = sorted(templates, key=lambda t: -t.fixed)
        self._longest = max((len(key) for key in self._exact), default=0)

    def __len__(self) -> int:
        return len(self._exact) + len(self._templates)

    def gloss(self, text: str | None) -> str | None:
        """The English of `text`, line by line; None when no line is a catalog text."""
        if not text:
            return None
        lines = _norm(text).split("\n")
        glossed = [self.line(line) for line in lines]
        if not any(part for part in glossed):
            return None
        out = []
        for line, part in zip(lines, glossed, strict=True):
            if part is not None:
                out.append(part)
            elif line.strip():
                out.append(UNKNOWN)
            else:
                out.append("")
        return "\n".join(out)

    def line(self, line: str) -> str | None:
        """One line's English, or None."""
        line = _norm(line)
        if not line:
            return None
        found = self._one(line)
        if found is not None:
            return found
        option = _OPTION.match(line)
        if option:
            label = self._one(option.group(2))
            if label is not None:
                return f"{option.group(1)} {label}"
        return self._joined(line)

    def _one(self, text: str) -> str | None:
        exact = self._exact.get(text)
        if exact is not None:
            return exact
        for template in self._templates:
            match = template.pattern.fullmatch(text)
            if match:
                return _fill(template.msgid, match.groupdict())
        return None

    def _joined(self, line: str) -> str | None:
        """A line made of catalog texts joined by single spaces (exact texts only)."""
        cuts = [i for i, char in enumerate(line) if char == " "]
        if not cuts or len(cuts) > MAX_SPACES:
            return None
        ends = [*cuts, len(line)]
        starts = [0, *(i + 1 for i in cuts)]
        # best[k]: the glosses of line[:ends[k]] ... computed over start positions.
        reach: dict[int, list[str]] = {0: []}
        for start in starts:
            if start not in reach:
                continue
            for end in ends:
                if end <= start or end - start > self._longest:
                    continue
                source = self._exact.get(line[start:end])
                if source is None:
                    continue
                nxt = end + 1 if end < len(line) else end
                if nxt not in reach:
                    reach[nxt] = [*reach[start], source]
        whole = reach.get(len(line))
        return " ".join(whole) if whole and len(whole) > 1 else None


def _template(msgstr: str, msgid: str) -> _Template | None:
    parts = _PLACEHOLDER.split(msgstr)
    # split() alternates: fixed, name, fixed, name, ..., fixed
    fixed_parts, names = parts[0::2], parts[1::2]
    fixed = sum(len(part.strip()) for part in fixed_parts)
    if fixed < MIN_FIXED:
        return None
    pattern, seen = [], set()
    for index, part in enumerate(fixed_parts):
        pattern.append(re.escape(part))
        if index < len(names):
            name = names[index]
            if name in seen:
                pattern.append(f"(?P={name})")
            else:
                seen.add(name)
                pattern.append(f"(?P<{name}>.+?)")
    try:
        compiled = re.compile("".join(pattern), re.DOTALL)
    except re.error:
        return None
    return _Template(compiled, msgid, fixed)


def _fill(msgid: str, values: Mapping[str, str]) -> str:
    def put(match: re.Match) -> str:
        return values.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(put, msgid)


def catalog_pairs(translations: object) -> list[tuple[str, str]]:
    """(msgid, msgstr) of a gettext/Babel Translations object; plural forms give their
    singular msgid, a context is left out."""
    catalog = getattr(translations, "_catalog", None) or {}
    pairs = []
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not isinstance(msgid, str) or not isinstance(value, str) or not msgid:
            continue
        pairs.append((msgid.split("\x04", 1)[-1], value))
    return pairs


class Glossaries:
    """Every language's glossary, built the first time it is asked for."""

    def __init__(self, catalogs: object, source_locale: str = "en"):
        self._catalogs = catalogs
        self._source = source_locale
        self._built: dict[str, Glossary | None] = {}

    def get(self, locale: str | None) -> Glossary | None:
        if not locale or locale == self._source:
            return None  # English needs no gloss
        if locale not in self._built:
            every = getattr(self._catalogs, "_translations", {})
            translations = every.get(locale)
            if translations is None:
                self._built[locale] = None
            else:
                # A text not translated yet went out in English: it glosses as itself.
                source = every.get(self._source)
                untranslated = [(msgid, msgid) for msgid, _ in catalog_pairs(source)] \
                    if source is not None else []
                self._built[locale] = Glossary([*catalog_pairs(translations), *untranslated])
        return self._built[locale]

    def gloss(self, locale: str | None, text: str | None) -> str | None:
        glossary = self.get(locale)
        return glossary.gloss(text) if glossary is not None else None
