"""Emergencies for every country (SAFETY 6): a person in danger gets the numbers of the
country they are in at once, in their language, with the line in their own language; every
number in the answer comes from facts/hotlines.yaml."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from bot.config import PROJECT_ROOT
from bot.facts.hotlines import Hotlines
from bot.sms.encoding import sms_info
from bot.text import formats
from tests.conversation import Person, set_clock

HOTLINES = Hotlines.load(PROJECT_ROOT / "facts" / "hotlines.yaml")
NGO_PHONE = "+85512000000"  # public_phone of flows/alerts.yaml
LOCKED_IN = {"en": "help they locked me in the room", "vi": "cứu tôi, họ nhốt tôi trong phòng",
             "lo": "ຊ່ວຍແດ່ ເຂົາຂັງຂ້ອຍໄວ້ໃນຫ້ອງ", "my": "ကူညီပါ သူတို့ ကျွန်မကို အခန်းထဲ ပိတ်ထားတယ်",
             "km": "ជួយផង គេចាក់សោខ្ញុំក្នុងបន្ទប់", "th": "ช่วยด้วย เขาขังฉันไว้ในห้อง",
             "km-Latn": "jouy phong ke chak so khnhom knong bontub"}
PHONES = {"TH": "+66810000", "KH": "+85510000", "LA": "+85620000", "VN": "+84900000",
          "MM": "+95900000"}
_serial = iter(range(100, 999))


@pytest.fixture(autouse=True)
def clock(app):
    set_clock(app, datetime(2026, 12, 2, 5, 0))


def person_in(client, country: str | None, language: str) -> Person:
    if country is None:  # a Telegram chat id says nothing of the country
        return Person(client, channel="telegram", address=f"77{next(_serial)}").speaks(language)
    return Person(client, address=f"{PHONES[country]}{next(_serial)}").speaks(language)


def numbers_in(text: str, locale: str) -> set[str]:
    """Phone numbers in an answer (the date it was checked left out)."""
    for day in {line.dates.verified for c in HOTLINES.countries.values() for line in c.lines}:
        text = text.replace(formats.day(day, locale), "")
    return set(re.findall(r"\+?\d[\d-]{2,}\d", text))


def every_number() -> set[str]:
    return {line.number for country in HOTLINES.countries.values() for line in country.lines}


@pytest.mark.parametrize(("country", "language", "own_line"), [
    ("VN", "vi", None), ("LA", "lo", None), ("MM", "my", "1-800-010-180"),
    ("KH", "km", None), ("TH", "my", "1-800-010-180"), ("TH", "km", "1-800-010-181"),
    ("TH", "lo", "1-800-010-182"), ("TH", "th", "1-800-010-182"), ("TH", "km-Latn", None),
])
def test_a_person_in_danger_gets_the_numbers_of_their_country(client, catalogs, country,
                                                             language, own_line):
    person = person_in(client, country, language)
    reply = person.send(LOCKED_IN[language])
    lines = HOTLINES.for_country(country)
    assert reply.startswith(catalogs.gettext(language, "If you are in danger now:"))
    assert catalogs.gettext(language, {"VN": "Viet Nam", "LA": "Laos", "MM": "Myanmar",
                                       "KH": "Cambodia", "TH": "Thailand"}[country]) in reply
    for line in lines.emergency_lines:
        assert f"{line.number}: {catalogs.gettext(language, line.what)}" in reply
    if own_line:
        assert own_line in reply  # never cut, however long the answer
        others = {"1-800-010-180", "1-800-010-181", "1-800-010-182"} - {own_line}
        assert not others & numbers_in(reply, language)  # not the other languages' lines
    if not lines.emergency_lines:  # Myanmar: said plainly, with lines that can help
        assert catalogs.gettext(
            language, "We could not confirm a police emergency number for {country}. These "
            "lines can help:", country=catalogs.gettext(language, "Myanmar")) in reply
        assert NGO_PHONE in reply
    assert numbers_in(reply, language) <= every_number() | {NGO_PHONE}


def test_viet_nam_gives_police_ambulance_and_the_111_line(client):
    reply = person_in(client, "VN", "vi").send(LOCKED_IN["vi"])
    for number in ("113", "115", "111"):
        assert number in reply


def test_an_unknown_country_gets_every_countrys_emergency_number(client, catalogs):
    for language in ("my", "en", "km"):
        reply = person_in(client, None, language).send(LOCKED_IN[language])
        for code, country in HOTLINES.countries.items():
            name = catalogs.gettext(language, {"VN": "Viet Nam", "LA": "Laos", "MM": "Myanmar",
                                               "KH": "Cambodia", "TH": "Thailand"}[code])
            if country.emergency_lines:
                assert f"{name}: " + ", ".join(
                    line.number for line in country.emergency_lines) in reply
            else:
                assert catalogs.gettext(language, "{country}: we could not confirm a police "
                                        "number.", country=name) in reply
        assert numbers_in(reply, language) <= every_number() | {NGO_PHONE}
    burmese = person_in(client, None, "my").send(LOCKED_IN["my"])
    assert "1-800-010-180" in burmese  # her own-language line, said to be in Thailand


def test_every_hotline_answer_says_when_its_numbers_were_checked(client, catalogs):
    for country, option in (("TH", None), ("KH", "2"), ("LA", "3"), ("VN", "4"), ("MM", "5")):
        for language in ("km", "km-Latn", "lo", "my", "vi", "th", "en"):
            person = person_in(client, None, language)
            reply = person.send("HELP")
            if option:
                reply = person.send(option)
            else:
                reply = person.send("1")
            shown = [line for line in HOTLINES.for_country(country).lines
                     if line.number in reply]
            oldest = min(line.dates.verified for line in shown)
            assert catalogs.gettext(language, "Numbers checked {date}.",
                                    date=formats.day(oldest, language)) in reply, (country,
                                                                                  language)
            assert numbers_in(reply, language) <= every_number() | {NGO_PHONE}


def test_no_number_is_written_in_the_code():
    """Every number the service gives comes from the hotlines file (and the alerts file's
    public_phone): no fallback number in the Python sources."""
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for number in every_number():
            assert f'"{number}"' not in source, (path, number)


@pytest.mark.parametrize("language", ["km", "km-Latn", "lo", "my", "vi", "th", "en"])
def test_wage_and_hotline_answers_carry_their_date_within_the_sms_budget(app, client, catalogs,
                                                                      language):
    """The date a figure was checked is on one page of the SMS answer, and every page keeps
    within SMS_MAX_SEGMENTS; the line itself is short (one segment on its own)."""
    budget = app.extensions["bot"].max_segments
    wages = app.extensions["bot"].facts.wages
    today = datetime(2026, 12, 2).date()
    cases = [("4", "Bangkok", [wages.rate_on("bangkok", today),
                               wages.sector_rate_on("hotels_entertainment", today)], "1506"),
             ("4", "Cambodia", [wages.rate_on("cambodia", today)], None),
             ("5", None, list(HOTLINES.for_country("TH").lines), None)]
    for option, place, facts, labour in cases:
        person = person_in(client, "TH", language)
        person.send(option)
        if place:
            person.send(place)
        oldest = formats.day(min(f.verified if hasattr(f, "verified") else f.dates.verified
                                 for f in facts), language)
        if place is None:
            line = catalogs.gettext(language, "Numbers checked {date}.", date=oldest)
        elif labour:
            line = catalogs.gettext(language, "Checked {date}. To be sure, call {number}.",
                                    date=oldest, number=labour)
        else:
            line = catalogs.gettext(language, "Checked {date}.", date=oldest)
        assert sms_info(line).segments == 1, line
        pages = person.last
        assert all(page["segments"] <= budget for page in pages)
        assert any(line in page["body"] for page in pages), (language, place, line)
