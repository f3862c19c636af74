"""Free-text questions → intent, in any of the service's languages.

Thai, Lao, Khmer and Burmese are written without spaces between words. The classifier
compares character n-grams (2 to 4 letters) and the words ICU's word break iterator finds
(it segments all four scripts), weighted by how rare they are (TF-IDF), against the
examples in `words/intents.yaml`. Each intent scores the mean
similarity of its three closest examples (one lucky example does not win on its own), and
the best intent wins. Latin accents are folded away so "luong toi thieu" matches
"lương tối thiểu". bench/intent_accuracy.py measures it on held-out questions.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.text.digits import normalize_digits
from bot.text.normalize import fold
from bot.text.words import words

NGRAM_SIZES = (2, 3, 4)
WORD_WEIGHT = 3  # a whole word counts as much as three n-grams
NEIGHBOURS = 3
# Below this similarity nothing matches: the person gets a short menu and a person instead.
# (On the labelled questions, 4 of 483 right answers score below it; greetings all do.)
MIN_SCORE = 0.2


@dataclass(frozen=True)
class IntentDef:
    id: str
    next: str
    min_score: float = MIN_SCORE  # an intent may ask for more certainty than the default


@dataclass(frozen=True)
class Match:
    intent: str
    score: float


def features(text: str) -> Counter:
    text = " " + fold(normalize_digits(text)) + " "
    grams: Counter = Counter()
    for size in NGRAM_SIZES:
        for start in range(len(text) - size + 1):
            gram = text[start:start + size]
            if gram.strip():
                grams[gram] += 1
    for word in words(text):
        grams["w:" + word] += WORD_WEIGHT
    return grams


class IntentClassifier:
    def __init__(self, intents: dict[str, IntentDef], examples: list[tuple[str, str]]):
        self.intents = intents
        documents = [features(text) for text, _ in examples]
        frequency: Counter = Counter()
        for document in documents:
            frequency.update(document.keys())
        total = len(documents)
        self._idf = {gram: math.log((1 + total) / (1 + count)) + 1
                     for gram, count in frequency.items()}
        self._examples = [(self._vector(document), intent)
                          for document, (_, intent) in zip(documents, examples, strict=True)]

    @classmethod
    def load(cls, examples_path: str | Path, routes: dict[str, str]) -> IntentClassifier:
        """Examples from `examples_path`; `routes` maps each intent to the step answering it."""
        with Path(examples_path).open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        intents: dict[str, IntentDef] = {}
        examples: list[tuple[str, str]] = []
        for intent_id, spec in (data.get("intents") or {}).items():
            if intent_id not in routes:
                raise ValueError(f"{examples_path}: intent {intent_id!r} leads nowhere: add it "
                                 "to 'intents' in flows/main.yaml")
            intents[intent_id] = IntentDef(id=intent_id, next=str(routes[intent_id]),
                                           min_score=float(spec.get("min_score", MIN_SCORE)))
            for texts in (spec.get("examples") or {}).values():
                examples.extend((str(text), intent_id) for text in texts or ())
        return cls(intents, examples)

    def _vector(self, grams: Counter) -> dict[str, float]:
        vector = {gram: (1 + math.log(count)) * self._idf.get(gram, 0.0)
                  for gram, count in grams.items() if gram in self._idf}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {gram: value / norm for gram, value in vector.items()}

    def classify(self, text: str) -> Match | None:
        """The best intent for `text`, or None when nothing is similar enough."""
        query = self._vector(features(text))
        if not query:
            return None
        scores: dict[str, list[float]] = {}
        for example, intent in self._examples:
            score = sum(weight * example.get(gram, 0.0) for gram, weight in query.items())
            scores.setdefault(intent, []).append(score)
        if not scores:
            return None
        best = {intent: sum(heapq.nlargest(NEIGHBOURS, values)) / NEIGHBOURS
                for intent, values in scores.items()}
        intent = max(best, key=best.get)
        return Match(intent, best[intent]) if best[intent] >= self.intents[intent].min_score \
            else None
