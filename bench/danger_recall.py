#!/usr/bin/env python3
"""How many danger messages reach the danger answer, and how many ordinary questions do not.

    .venv/bin/python bench/danger_recall.py [--misses] [--sets DIR]

Per language: recall of the danger phrases (words/danger.yaml) alone, of the classifier's
danger intent alone, and of both (what the service does), on DIR/<lang>.yaml (default
tests/data/danger); and false alarms on DIR/ordinary/<lang>.yaml plus the held-out
questions in tests/data/questions. Two more sets were written apart from the phrases:
bench/data/danger-fresh/ (measured untuned, then used for a second round of tuning) and
bench/data/danger-fresh2/ (never used to tune anything: its figures are the honest ones;
write a new such set before the next round of tuning).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.conversation.danger import DangerDetector  # noqa: E402
from bot.conversation.intents import IntentClassifier  # noqa: E402
from bot.services import intent_routes  # noqa: E402

LANGUAGES = ("en", "km", "km-Latn", "lo", "my", "th", "vi")


def _load(path: Path) -> list[str]:
    return [str(t) for t in yaml.safe_load(path.read_text(encoding="utf-8"))] if path.exists() \
        else []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--sets", type=Path, default=ROOT / "tests" / "data" / "danger")
    args = parser.parse_args()
    detector = DangerDetector.load(ROOT / "words" / "danger.yaml")
    classifier = IntentClassifier.load(ROOT / "words" / "intents.yaml",
                                       intent_routes(ROOT / "flows"))

    def by_classifier(text: str) -> bool:
        match = classifier.classify(text)
        return match is not None and match.intent == "cannot_leave"

    print(f"sets: {args.sets}")
    print(f"{'lang':<8}{'danger':>7}{'phrases':>9}{'intent':>8}{'both':>7}"
          f"{'ordinary':>10}{'alarms':>8}")
    totals = [0, 0, 0, 0, 0, 0]
    for language in LANGUAGES:
        danger = _load(args.sets / f"{language}.yaml")
        ordinary = _load(args.sets / "ordinary" / f"{language}.yaml")
        held_out = ROOT / "tests" / "data" / "questions" / f"{language}.yaml"
        if held_out.exists() and args.sets.name == "danger":
            ordinary += [q["text"] for q in yaml.safe_load(held_out.read_text("utf-8"))
                         if q["intent"] != "cannot_leave"]
        phrases = [text for text in danger if detector.detect(text)]
        intent = [text for text in danger if by_classifier(text)]
        both = [text for text in danger if detector.detect(text) or by_classifier(text)]
        alarms = [text for text in ordinary if detector.detect(text) or by_classifier(text)]
        row = [len(danger), len(phrases), len(intent), len(both), len(ordinary), len(alarms)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{language:<8}{row[0]:>7}{_pct(row[1], row[0]):>9}{_pct(row[2], row[0]):>8}"
              f"{_pct(row[3], row[0]):>7}{row[4]:>10}{row[5]:>8}")
        if args.misses:
            for text in danger:
                if text not in both:
                    print(f"    missed: {text}")
            for text in alarms:
                print(f"    alarm:  {text}")
    print(f"{'all':<8}{totals[0]:>7}{_pct(totals[1], totals[0]):>9}"
          f"{_pct(totals[2], totals[0]):>8}{_pct(totals[3], totals[0]):>7}{totals[4]:>10}"
          f"{totals[5]:>8}")
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
