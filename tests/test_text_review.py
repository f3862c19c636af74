"""Fixes found in a review of the texts, held in place: each would have caught the error
it describes. Also the safety texts where people see them (SAFETY 4 and 5) and place
names in every reader's script."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.sms.encoding import is_gsm7
from tests.conversation import Person

LOCALES = PROJECT_ROOT / "locales"
PASSPORT = "Your employer may not keep your passport"
HOURS = "Holiday work: 2 times for daily-paid workers"
ISSARA_GLOSS = {"km": "អង្គការ", "lo": "ສະຖາບັນ", "my": "အဖွဲ့", "th": "สถาบัน",
                "vi": "Viện", "km-Latn": "angkar"}


def catalog(language: str) -> dict[str, str]:
    path = LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=language.split("-")[0]) if m.id}


def translation(language: str, starts: str) -> str:
    [text] = [string for msgid, string in catalog(language).items() if starts in msgid]
    return text


def test_khmer_daily_paid_worker_is_paid_not_paying():
    assert "ទទួលប្រាក់ឈ្នួល" in translation("km", HOURS)  # receives a wage
    assert "បើកប្រាក់" not in translation("km", HOURS)  # "pays out"
    assert "tottuol prak" in translation("km-Latn", HOURS)
    assert "bauk prak" not in translation("km-Latn", HOURS)


@pytest.mark.parametrize(("language", "up_to"), [
    ("lo", "ບໍ່ເກີນ 100,000"), ("my", "100,000 ဘတ်အထိ"), ("vi", "đến 100.000"),
    ("th", "ไม่เกิน 100,000"), ("km", "រហូតដល់ 100,000")])
def test_the_passport_fine_is_up_to_100000_baht(language, up_to):
    assert up_to in translation(language, PASSPORT)


def test_thai_names_the_ordinance_by_the_buddhist_year():
    text = translation("th", PASSPORT)
    assert "พ.ศ. 2560" in text and "ค.ศ." not in text


def test_thai_and_lao_say_our_people_not_officers():
    for language, officer in (("th", "เจ้าหน้าที่"), ("lo", "ເຈົ້າໜ້າທີ່"), ("lo", "ພະນັກງານ")):
        for msgid in ("Talk to a person", "A person from our team will read your messages."):
            assert officer not in catalog(language)[msgid], (language, msgid)


def test_burmese_partner_texts_are_colloquial():
    texts = [string for msgid, string in catalog("my").items() if "partner" in msgid]
    assert len(texts) >= 4
    for text in texts:
        assert not re.search(r"(သည်|၏|မည်)([။ ]|$)", text), text


@pytest.mark.parametrize("language", sorted(ISSARA_GLOSS))
def test_organisation_names_carry_a_local_gloss(language):
    for msgid, string in catalog(language).items():
        if "Issara Institute" in msgid:
            assert ISSARA_GLOSS[language] in string, (language, msgid)
    complaint = translation(language, "To complain about work, call 1506")
    for number in ("1-800-010-180", "1-800-010-181", "1-800-010-182"):
        assert number in complaint


@pytest.mark.parametrize("language", ["en", "km-Latn"])
def test_latin_texts_stay_in_the_gsm_alphabet(language, client):
    for msgid, string in catalog(language).items():
        assert is_gsm7(string), (language, msgid)
    person = Person(client).speaks(language)
    reply = person.send("6")  # Talk to a person: office hours with a range of days
    assert is_gsm7(reply) and "-" in reply, reply


def test_help_and_the_first_menu_lead_to_what_the_service_is(client, catalogs):
    about = "It is not the police, and a person may not answer at once."
    for language in ("en", "km", "my"):
        sms = Person(client).speaks(language)
        menu = "\n".join(reply["body"] for reply in sms.last)
        assert f"8 {catalogs.gettext(language, 'About this service')}" in menu
        text = sms.send("8")
        assert catalogs.gettext(language, "To stay safe, delete these messages from your "
                                "phone.") in text
        assert catalogs.gettext(language, "This service gives advice on safe migration and "
                                "work. It is not the police, and a person may not answer at "
                                "once. Send MENU for topics, LANGUAGE to change language, "
                                "STOP to stop.") in text
        help_reply = sms.send("HELP")
        assert catalogs.gettext(language, "About this service") in help_reply
    assert about in Person(client).speaks("en").send("8")


def test_on_telegram_the_tip_names_the_delete_command(client, catalogs):
    for serial, language in enumerate(("en", "th", "lo")):
        person = Person(client, channel="telegram", address=f"8800{serial}").speaks(language)
        person.send("8")
        text = "\n".join(reply["body"] for reply in person.last)
        assert "/delete" in text
        assert catalogs.gettext(language, "To stay safe, send /delete: it removes my messages "
                                "from this chat. Then delete the chat.") in text


@pytest.mark.parametrize("language", ["my", "km"])
def test_no_english_province_name_in_a_burmese_or_khmer_answer(app, client, language):
    wages = app.extensions["bot"].facts.wages
    script = {"my": r"[\u1000-\u109f]", "km": r"[\u1780-\u17ff]"}[language]
    provinces = [a for a in wages.areas.values() if a.country == "TH"]
    person = Person(client).speaks(language)
    person.send("4")  # Minimum wage: where do you work?
    for area in provinces:
        name = area.names.get(language)
        assert name and re.search(script, name), area.id
        reply = person.send(name)
        person.send("3")  # Another place
        assert name in reply, area.id
        assert area.names["en"] not in reply, (area.id, reply)
    person.send("MENU")
    person.send("4")
    listing = person.send("1")  # the list of places
    for area in provinces:
        if not area.parent:
            assert area.names["en"] not in listing, area.id
