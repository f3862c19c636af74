"""Free-text questions reach the right answer in every language (top-1 at least 85% on the
held-out questions in tests/data/questions; bench/intent_accuracy.py prints the figures)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.intent_accuracy import evaluate
from bot.config import PROJECT_ROOT
from bot.conversation.intents import IntentClassifier
from bot.services import intent_routes

QUESTIONS = sorted((PROJECT_ROOT / "tests" / "data" / "questions").glob("*.yaml"))
CLASSIFIER = IntentClassifier.load(PROJECT_ROOT / "words" / "intents.yaml",
                                   intent_routes(PROJECT_ROOT / "flows"))


def test_every_language_has_a_labelled_set():
    assert {path.stem for path in QUESTIONS} == {"en", "km", "km-Latn", "lo", "my", "vi", "th"}


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda path: path.stem)
def test_top1_accuracy_at_least_85_percent(path: Path):
    correct, count, misses = evaluate(CLASSIFIER, path)
    assert count >= 60
    assert correct / count >= 0.85, f"{path.stem}: {correct}/{count}; misses: {misses[:8]}"


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda path: path.stem)
def test_test_questions_are_not_training_examples(path: Path):
    data = yaml.safe_load((PROJECT_ROOT / "words" / "intents.yaml").read_text(encoding="utf-8"))
    training = {text.strip().casefold() for intent in data["intents"].values()
                for texts in intent["examples"].values() for text in texts}
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert not [q["text"] for q in questions if q["text"].strip().casefold() in training]


def test_every_intent_leads_somewhere(app):
    engine = app.extensions["bot"].engine
    from bot.conversation.flows import resolve_target

    for intent in engine.intents.intents.values():
        assert resolve_target(engine.flows["main"], engine.flows, intent.next), intent.id


@pytest.mark.parametrize("text", ["hello", "សួស្តី", "ok", "😀", "xin chào"])
def test_greetings_match_no_question(text):
    assert CLASSIFIER.classify(text) is None
