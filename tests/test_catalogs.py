"""Every text a person reads exists in km, lo, my, vi, th and en (and the catalogs are
current with the code and flows)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT

LANGUAGES = ("km", "lo", "my", "vi", "th", "en")
LOCALES = PROJECT_ROOT / "locales"
SCRIPT_OF = {"km": r"[\u1780-\u17ff]", "lo": r"[\u0e80-\u0eff]", "my": r"[\u1000-\u109f]",
             "th": r"[\u0e00-\u0e7f]",
             "vi": r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]"}

# Words that are the same in the language as in English.
SAME_AS_ENGLISH = {("vi", "Menu")}


def load(language: str):
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory):
    """Extract the messages from the code and flows now, as `flask i18n extract` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "-o", str(pot), "bot", "flows"],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language, fresh_template):
    catalog = load(language)
    translated = {m.id for m in catalog if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(fresh_template - translated)
    assert not missing, f"{language} is missing {len(missing)}: {missing[:5]}"


@pytest.mark.parametrize("language", ("km", "lo", "my", "vi", "th"))
def test_translations_are_in_the_language_and_keep_numbers(language):
    for message in load(language):
        if not message.id:
            continue
        if (language, message.id) not in SAME_AS_ENGLISH:
            assert re.search(SCRIPT_OF[language], message.string), (language, message.id)
        # Phone numbers and menu numbers must survive translation exactly.
        assert sorted(re.findall(r"\d+", message.id)) == sorted(
            re.findall(r"[0-9]+", message.string)), (language, message.id)
        assert set(re.findall(r"\{\w*\}", message.id)) == set(
            re.findall(r"\{\w*\}", message.string)), (language, message.id)


def test_burmese_and_thai_have_no_plural_forms():
    for language in ("my", "th", "lo", "km", "vi"):
        assert load(language).num_plurals == 1, language
    header = (LOCALES / "my" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header


def test_template_is_current(fresh_template):
    with (LOCALES / "messages.pot").open("rb") as handle:
        committed = {message.id for message in read_po(handle) if message.id}
    assert committed == fresh_template, "run: flask --app app i18n update"


def test_english_is_the_source_text():
    for message in load("en"):
        if message.id:
            assert message.string == message.id
