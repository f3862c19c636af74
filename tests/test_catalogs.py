"""Every text a person reads exists in km, lo, my, vi, th and en (and the catalogs are
current with the code and flows)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.text.extract import SOURCE_DIRS

LANGUAGES = ("km", "lo", "my", "vi", "th", "en", "km-Latn")
LOCALES = PROJECT_ROOT / "locales"
SCRIPT_OF = {"km": r"[\u1780-\u17ff]", "lo": r"[\u0e80-\u0eff]", "my": r"[\u1000-\u109f]",
             "th": r"[\u0e00-\u0e7f]",
             # Vietnamese: Latin letters with accents (á, ư, ệ ...)
             "vi": r"[\u00c0-\u00ff\u0102\u0103\u0110\u0111\u0128-\u0169\u01a0-\u01b0"
                   r"\u1ea0-\u1ef9]"}

# Words that are the same in the language as in English.
SAME_AS_ENGLISH = {("vi", "Menu"), ("km-Latn", "Menu")}


def load(language: str):
    folder = language.replace("-", "_")
    with (LOCALES / folder / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language.split("-")[0])


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory):
    """Extract the messages from the code, flows and data now, as `flask i18n extract` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "-o", str(pot), *SOURCE_DIRS],
                   check=True, cwd=PROJECT_ROOT, capture_output=True)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language, fresh_template):
    catalog = load(language)
    translated = {m.id for m in catalog if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(fresh_template - translated)
    assert not missing, f"{language} is missing {len(missing)}: {missing[:5]}"


@pytest.mark.parametrize("language", ("km", "lo", "my", "vi", "th", "km-Latn"))
def test_translations_are_in_the_language_and_keep_numbers(language):
    for message in load(language):
        if not message.id:
            continue
        if (language, message.id) in SAME_AS_ENGLISH:
            pass
        elif language == "km-Latn":  # Khmer in Latin letters: not Khmer script, not English
            assert not re.search(SCRIPT_OF["km"], message.string), message.id
            assert message.string != message.id, message.id
        else:
            assert re.search(SCRIPT_OF[language], message.string), (language, message.id)
        # Phone numbers and menu numbers must survive translation exactly; a Thai text may
        # give a law's year as Thai employers know it, in the Buddhist era (2560 = 2017).
        string = message.string
        if language == "th":
            string = re.sub(r"พ\.ศ\.\s*([0-9]{4})", lambda m: str(int(m.group(1)) - 543),
                            string)
        assert sorted(re.findall(r"\d+", message.id)) == sorted(
            re.findall(r"[0-9]+", string)), (language, message.id)
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


def test_i18n_status_counts_translated_and_reviewed(config, tmp_path):
    import shutil

    from bot import create_app

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    km = locales / "km" / "LC_MESSAGES" / "messages.po"
    text = km.read_text(encoding="utf-8")
    # A native speaker marks two entries as checked.
    text = text.replace('\nmsgid "Menu"', '\n#, reviewed\nmsgid "Menu"', 1)
    text = text.replace('\nmsgid "Language"', '\n#, reviewed\nmsgid "Language"', 1)
    km.write_text(text, encoding="utf-8")
    app = create_app({**config, "LOCALES_DIR": str(locales)})
    result = app.test_cli_runner().invoke(args=["i18n", "status"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[1:]}
    assert set(rows) == set(LANGUAGES)
    for language, (messages, translated, reviewed) in rows.items():
        assert messages == translated, language  # complete
        assert reviewed == ("2" if language == "km" else "0"), language
    app.extensions["db_engine"].dispose()
