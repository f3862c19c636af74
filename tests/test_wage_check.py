"""The wage check judges pay by the rate that applies to the workplace: Thailand's 400-baht
rate for hotels (except Type 1) and entertainment places, nationwide, above the province
rate; and it reads pay written per day or per month in every language."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.text import formats
from tests.conversation import Person, set_clock

TODAY = datetime(2026, 11, 23, 5, 0)  # 12:00 in Bangkok


@pytest.fixture(autouse=True)
def clock(app):
    set_clock(app, TODAY)


def start_check(person: Person, place: str) -> str:
    """Minimum wage in `place`, then option 1 "Check my pay"."""
    person.send(f"minimum wage in {place}")
    return person.send("1")


def test_a_karaoke_worker_in_tak_at_360_a_day_is_below_400(client):
    person = Person(client).speaks("en")
    start_check(person, "Tak")
    question = person.send("360 a day")
    assert "Where do you work?" in question and "1 Karaoke, bar, pub" in question
    assert "Small hotel: rooms only, 50 rooms or fewer" in question
    person.send("1")  # Karaoke, bar, pub, nightclub or massage parlour
    reply = person.send("9")
    assert ("360 baht a day is below the legal minimum of 400 baht a day for hotels and "
            "entertainment places in Thailand") in reply
    assert "The general rate in Tak is 352 baht a day" in reply  # which rate was used
    assert "75" in reply  # overtime at 400 / 8 × 1.5, not 352 / 8 × 1.5 = 66


def test_naming_the_karaoke_in_the_question_skips_the_question(client):
    person = Person(client).speaks("en")
    person.send("I work in a karaoke in Tak, they pay 360 a day, is it legal?")
    assert "How many hours" in person.last[0]["body"] or "How many hours" in "".join(
        reply["body"] for reply in person.last)
    reply = person.send("8")
    assert "below the legal minimum of 400 baht a day" in reply


def test_a_type_1_hotel_is_judged_by_the_province_rate(client):
    person = Person(client).speaks("en")
    start_check(person, "Tak")
    person.send("360 a day")
    person.send("3")  # Small hotel: rooms only, 50 rooms or fewer
    reply = person.send("8")
    assert "360 baht a day is not below the legal minimum of 352 baht a day in Tak" in reply
    assert "Hotels and entertainment places have a higher one: 400 baht a day" in reply


def test_a_larger_hotel_has_the_sector_rate(client):
    person = Person(client).speaks("th")
    start_check(person, "Tak")
    person.send("๓๖๐ บาท ต่อวัน")
    person.send("2")  # Hotel with more than 50 rooms, or with food or other services
    reply = person.send("8")
    assert "400" in reply and "360" in reply and "352" in reply


def test_outside_thailand_the_question_is_not_asked(client):
    person = Person(client).speaks("en")
    person.send("minimum wage in Cambodia")
    person.send("1")
    reply = person.send("150 a month")
    assert "How many hours" in reply and "Karaoke" not in reply
    assert "150 US dollars a month is below the legal minimum of 210" in person.send("8")


def test_burmese_daily_wage_with_native_digits_is_read_as_daily(client, catalogs):
    """`လုပ်ခ တစ်ရက် ၃၅၀` ("wage 350 a day"): `လ` (month) is not read inside `လုပ်ခ`."""
    person = Person(client).speaks("my")
    person.send("ချင်းမိုင်မှာ အနည်းဆုံးလုပ်ခ ဘယ်လောက်လဲ")
    person.send("1")
    person.send("လုပ်ခ တစ်ရက် ၃၅၀")
    person.send("4")  # Somewhere else
    reply = person.send("၈")
    day = catalogs.gettext("my", "{amount} baht a day", amount="350")
    assert day in reply
    assert catalogs.gettext("my", "{amount} baht a month", amount="350") not in reply
    assert catalogs.gettext("my", "{pay} is below the legal minimum of {minimum} in {place}.",
                            pay=day, minimum=catalogs.gettext("my", "{amount} baht a day",
                                                              amount="357"),
                            place="ချင်းမိုင်") in reply


def test_the_check_gives_the_labour_line_and_the_day_it_was_checked(client, app):
    hotlines = app.extensions["bot"].facts.hotlines
    labour = hotlines.for_country("TH").labour_line
    person = Person(client).speaks("en")
    start_check(person, "Chonburi")
    person.send("300 a day")
    person.send("4")
    reply = person.send("10")
    assert f"To complain, call {labour.number} and press {labour.press}." in reply
    verified = app.extensions["bot"].facts.wages.rate_on("chonburi", TODAY.date()).verified
    assert f"Checked {formats.day(verified, 'en')}. To be sure, call 1506." in reply


@pytest.mark.parametrize("pay", ["9" * 400, "²³ a day", "\x00 a day\x00"])
def test_a_number_nobody_is_paid_is_not_read(client, pay):
    person = Person(client).speaks("en")
    start_check(person, "Tak")
    assert "Karaoke" in person.send(pay)
    person.send("4")  # Somewhere else
    assert "I could not read the amount" in person.send("9" * 400)  # hours: ignored too
