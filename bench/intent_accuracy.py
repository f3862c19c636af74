#!/usr/bin/env python3
"""Top-1 accuracy of the free-text classifier on the labelled questions, per language.

    .venv/bin/python bench/intent_accuracy.py [--misses]

Reads words/intents.yaml (what it learns from) and tests/data/questions/*.yaml (held-out
questions people ask, with the intent they meant). The goal is 90% in every language.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.conversation.intents import IntentClassifier  # noqa: E402
from bot.services import intent_routes  # noqa: E402

GOAL = 0.90


def evaluate(classifier: IntentClassifier, path: Path) -> tuple[int, int, list[tuple]]:
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    misses = []
    for question in questions:
        match = classifier.classify(question["text"])
        got = match.intent if match else None
        if got != question["intent"]:
            misses.append((question["text"], question["intent"], got,
                           round(match.score, 2) if match else None))
    return len(questions) - len(misses), len(questions), misses


def main() -> int:
    classifier = IntentClassifier.load(ROOT / "words" / "intents.yaml",
                                       intent_routes(ROOT / "flows"))
    show_misses = "--misses" in sys.argv
    print(f"{'language':<10}{'questions':>10}{'correct':>9}{'top-1':>8}")
    worst = 1.0
    started = time.perf_counter()
    total = 0
    for path in sorted((ROOT / "tests" / "data" / "questions").glob("*.yaml")):
        correct, count, misses = evaluate(classifier, path)
        total += count
        accuracy = correct / count
        worst = min(worst, accuracy)
        print(f"{path.stem:<10}{count:>10}{correct:>9}{accuracy:>8.1%}")
        if show_misses:
            for text, wanted, got, score in misses:
                print(f"    {wanted} ← {got} ({score}): {text}")
            confusion = Counter((m[1], m[2]) for m in misses)
            if confusion:
                print("    most confused:", confusion.most_common(3))
    elapsed = time.perf_counter() - started
    print(f"worst language: {worst:.1%} (goal {GOAL:.0%}); "
          f"{elapsed / max(total, 1) * 1000:.2f} ms per question")
    return 0


if __name__ == "__main__":
    sys.exit(main())
