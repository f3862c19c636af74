"""Danger is never missed in free text (SAFETY 6): every message of the danger sets in
tests/data/danger/ (written apart from words/danger.yaml, the way people in danger type)
gets the danger answer with the emergency numbers, in every language; no ordinary
question of tests/data/danger/ordinary/ or tests/data/questions/ does."""

from __future__ import annotations

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.conversation.danger import DangerDetector
from tests.conversation import Person

DATA = PROJECT_ROOT / "tests" / "data"
LANGUAGES = ("en", "km", "km-Latn", "lo", "my", "th", "vi")
DETECTOR = DangerDetector.load(PROJECT_ROOT / "words" / "danger.yaml")


def _load(path) -> list[str]:
    return [str(text) for text in yaml.safe_load(path.read_text(encoding="utf-8"))]


def danger_set(language: str) -> list[str]:
    return _load(DATA / "danger" / f"{language}.yaml")


def ordinary_set(language: str) -> list[str]:
    held_out = yaml.safe_load((DATA / "questions" / f"{language}.yaml").read_text("utf-8"))
    return [*_load(DATA / "danger" / "ordinary" / f"{language}.yaml"),
            *(q["text"] for q in held_out if q["intent"] != "cannot_leave")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sets_are_large_enough(language):
    assert len(danger_set(language)) >= 25
    assert len(ordinary_set(language)) >= 25


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_danger_message_is_detected(language):
    missed = [text for text in danger_set(language) if DETECTOR.detect(text) is None]
    assert not missed, f"{language}: {len(missed)} missed: {missed}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_ordinary_question_is_taken_for_danger(language):
    flagged = [(text, signal.phrase) for text in ordinary_set(language)
               if (signal := DETECTOR.detect(text)) is not None]
    assert not flagged, f"{language}: {flagged}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_danger_answer_reaches_every_message_with_the_numbers(client, catalogs,
                                                                   language):
    """Through the service: a Thai number, already talking in its language, in the middle of
    another question (the wage check waits for an amount)."""
    danger_heading = catalogs.gettext(language, "If you are in danger now:")
    for text in danger_set(language):
        person = Person(client).speaks(language)
        person.send("4")  # Minimum wage: asks where, expecting a place name
        reply = person.send(text)
        assert danger_heading in reply and "191" in reply, (language, text, reply)


def test_a_first_message_in_danger_is_answered_in_its_language(client, catalogs):
    for language, text in (("lo", danger_set("lo")[0]), ("km", danger_set("km")[0]),
                           ("en", danger_set("en")[0]), ("vi", danger_set("vi")[0])):
        reply = Person(client).send(text)  # a new number: no language chosen yet
        assert catalogs.gettext(language, "If you are in danger now:") in reply, text
        assert "191" in reply


def test_zawgyi_danger_is_detected():
    """Burmese typed in the Zawgyi encoding is converted before it is read."""
    import icu

    to_zawgyi = icu.Transliterator.createInstance("Zawgyi-my").createInverse()
    converted = [to_zawgyi.transliterate(text) for text in danger_set("my")]
    changed = [text for text in converted if text not in danger_set("my")]
    assert changed  # the corpus does have text that looks different in Zawgyi
    missed = [text for text in converted if DETECTOR.detect(text) is None]
    assert len(missed) <= len(converted) // 10, missed


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_ordinary_question_gets_the_danger_answer(client, catalogs, language):
    """Through the service, where the classifier's own danger intent also answers."""
    danger_heading = catalogs.gettext(language, "If you are in danger now:")
    person = Person(client).speaks(language)
    wrong = []
    for text in _load(DATA / "danger" / "ordinary" / f"{language}.yaml"):
        person.send("MENU")
        if danger_heading in person.send(text):
            wrong.append(text)
    assert not wrong, f"{language}: {wrong}"


def test_a_person_who_sent_stop_still_gets_the_numbers_when_in_danger(client, catalogs):
    """STOP stops messages we would send; a person in danger who writes is answered."""
    person = Person(client).speaks("th")
    person.send("STOP")
    assert person.send("ค่าแรงขั้นต่ำเท่าไหร่") == ""  # nothing else is answered
    reply = person.send(danger_set("th")[0])
    assert catalogs.gettext("th", "If you are in danger now:") in reply and "191" in reply
