"""Travel smart – Work smart: wages in force today, hotlines by country, rights shown in
Thai for an employer, talking to a person, and the opt-in for wage changes."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import pytest
import yaml
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.models import Alert, Message, NoticeSent, Notification, Subscription
from bot.notices import send_wage_notices
from bot.text import formats
from tests.conversation import Person, set_clock

TODAY = datetime(2026, 11, 23, 5, 0)  # 12:00 in Bangkok, a Monday
LANGUAGES = ("km", "km-Latn", "lo", "my", "vi", "th", "en")
QUESTIONS = {
    "en": "how much is the minimum wage in {place}",
    "km": "ប្រាក់ឈ្នួលអប្បបរមានៅ{place}ប៉ុន្មាន",
    "km-Latn": "prak khe a-bab-rama nov {place} ponman",
    "lo": "ຄ່າແຮງຂັ້ນຕ່ຳຢູ່{place}ເທົ່າໃດ",
    "my": "{place}မှာ အနည်းဆုံးလုပ်ခ ဘယ်လောက်လဲ",
    "vi": "lương tối thiểu ở {place} là bao nhiêu",
    "th": "ค่าแรงขั้นต่ำ{place}เท่าไหร่",
}


@pytest.fixture
def wages(app):
    return app.extensions["bot"].facts.wages


@pytest.fixture(autouse=True)
def clock(app):
    set_clock(app, TODAY)


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("area_id", ["bangkok", "chonburi", "chiang_mai"])
def test_minimum_wage_in_every_language(client, wages, catalogs, locale, area_id):
    person = Person(client).speaks(locale)
    area = wages.areas[area_id]
    place = area.names.get("en" if locale in ("en", "km-Latn") else locale, area.names["en"])
    reply = person.send(QUESTIONS[locale].format(place=place))
    rate = wages.rate_on(area_id, TODAY.date())
    assert formats.amount(rate.amount, locale) in reply, reply
    assert formats.day(rate.effective_from, locale) in reply, reply
    assert area.name(locale) in reply
    if area_id == "chiang_mai":  # the district with its own rate is named too
        district = wages.areas["mueang_chiang_mai"]
        assert formats.amount(wages.rate_on(district.id, TODAY.date()).amount, locale) in reply


def test_unknown_province_is_said_and_the_list_offered(client, catalogs):
    person = Person(client).speaks("en")
    person.send("4")  # Minimum wage → where do you work?
    reply = person.send("Atlantis")
    assert 'I do not know the place "Atlantis"' in reply
    assert "1 List of places" in reply
    listing = person.send("1")
    assert "Bangkok" in listing and "Chonburi" in listing and "Yala" in listing


HELP_WORDS = {"en": "help", "km": "ជំនួយ", "km-Latn": "chuoy", "lo": "ຊ່ວຍ", "my": "အကူအညီ",
              "vi": "giúp", "th": "ช่วยด้วย"}
I_NEED_HELP = {"en": "I need help, who can I call?", "km": "ខ្ញុំត្រូវការជំនួយ ហៅលេខណា",
               "km-Latn": "khnhom trov kar chomnuoy hao lek na", "lo": "ຂ້ອຍຕ້ອງການຄວາມຊ່ວຍເຫຼືອ ໂທເບີໃດ",
               "my": "အကူအညီလိုတယ် ဘယ်နံပါတ်ကိုဖုန်းဆက်ရမလဲ", "vi": "tôi cần giúp đỡ, gọi số nào",
               "th": "ต้องการความช่วยเหลือ โทรเบอร์อะไร"}


@pytest.mark.parametrize("locale", LANGUAGES)
def test_help_from_a_thai_number_gives_1506_and_191(client, catalogs, locale):
    person = Person(client, address="+66812345678").speaks(locale)
    for question in (HELP_WORDS[locale], I_NEED_HELP[locale]):
        reply = person.send(question)
        assert "1506" in reply and "191" in reply, question
        assert catalogs.gettext(locale, "Thailand") in reply


@pytest.mark.parametrize(("option", "numbers"), [
    (2, ["117", "1280"]), (3, ["1362"]), (4, ["111"]), (5, ["+85512000000"]),
])
def test_help_for_a_person_who_says_where_they_are(client, option, numbers):
    person = Person(client, channel="telegram", address="5550001").speaks("en")
    reply = person.send("HELP")
    assert "Which country are you in now?" in reply  # a chat id says nothing of the country
    reply = person.send(str(option))
    for number in numbers:
        assert number in reply
    assert "1506" not in reply


def test_danger_gets_emergency_numbers_before_any_question(client):
    person = Person(client, channel="telegram", address="5550002").speaks("km")
    reply = person.send("ថៅកែចាក់សោរខ្ញុំក្នុងបន្ទប់ មិនឲ្យចេញ")  # locked in, not let out
    assert "191" in reply and "117" in reply


def test_show_employer_returns_the_thai_text_of_the_last_rights_answer(app, client, catalogs):
    person = Person(client, channel="telegram", address="5550003").speaks("my")
    person.send("3")  # At work: your rights
    shown = person.send("4")  # Passport and papers
    passport = app.extensions["bot"].engine.flows["rights"].steps["passport"].text
    assert catalogs.gettext("my", passport) in shown
    thai = person.send("1")  # Show in Thai for the employer
    assert catalogs.gettext("th", passport) in thai
    assert catalogs.gettext("my", "Show this to your employer:") in thai
    # The keyword does the same, in the person's language.
    assert catalogs.gettext("th", passport) in person.send("ပြ")


def test_show_employer_after_a_wage_answer(client, wages, catalogs):
    person = Person(client).speaks("km")
    person.send(QUESTIONS["km"].format(place=wages.areas["bangkok"].names["km"]))
    thai = person.send("បង្ហាញ")
    assert wages.areas["bangkok"].names["th"] in thai and "400" in thai


def test_talk_to_a_person_opens_a_request_for_the_ngo(send_sms, db, catalogs):
    """By SMS: a request the NGO is told of (never the police), whose number the person
    gets; what they write next goes to the team, and asking again keeps the same request."""
    from tests.test_twilio_sms import twiml_messages

    sender = "+66800000456"
    send_sms("hello", sender=sender)
    send_sms("2", sender=sender)  # Lao
    reply = "\n".join(twiml_messages(send_sms("6", sender=sender)))  # Talk to a person
    assert "+85512000000" in reply  # the partner NGO's public number
    request = db.scalar(select(Alert))
    assert (request.kind, request.status) == ("person", "open")
    assert catalogs.gettext("lo", "Your request number is {number}.").format(
        number=request.number) in reply
    told = set(db.scalars(select(Notification.responder)))
    assert told and told <= {"ngo-duty", "ngo-manager"}
    [line] = twiml_messages(send_sms("ຂ້ອຍຢາກລົມກັບຄົນ", sender=sender))
    assert str(request.number) in line
    send_sms("ເມນູ", sender=sender)  # MENU in Lao
    send_sms("6", sender=sender)
    assert db.scalar(select(Alert.id).where(Alert.id != request.id)) is None


def test_the_simulator_sandbox_shows_a_person_request_without_sending_it(client, db):
    reply = Person(client).speaks("lo").send("6")  # Talk to a person
    assert "+85512000000" in reply and "ngo-" in reply
    assert db.scalar(select(Alert)) is None and db.scalar(select(Message).where(
        Message.status == "queued")) is None


def test_office_hours_are_said(app, client, catalogs):
    set_clock(app, datetime(2026, 11, 22, 5, 0))  # Sunday noon in Bangkok
    person = Person(client).speaks("en")
    assert "Our office is closed now" in person.send("6")
    set_clock(app, TODAY)
    assert "We are open" in Person(client).speaks("en").send("6")


@pytest.fixture
def future_rate_app(make_app, tmp_path):
    """The app with a new Bangkok rate taking effect on 1 December 2026."""
    facts = tmp_path / "facts"
    shutil.copytree(PROJECT_ROOT / "facts", facts)
    path = facts / "minimum_wages.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["countries"]["TH"]["rates"].append({
        "area": "bangkok", "amount": 410, "effective_from": date(2026, 12, 1),
        "source": "https://example.org/test", "verified": date(2026, 11, 23)})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return make_app(FACTS_DIR=str(facts))


def test_a_future_rate_is_quoted_from_its_day_and_announced_once(future_rate_app, db):
    app = future_rate_app
    client = app.test_client()
    set_clock(app, datetime(2026, 11, 30, 10, 0))  # 17:00 on 30 November in Bangkok
    person = Person(client).speaks("en")
    before = person.send("minimum wage in Bangkok")
    assert "400 baht a day" in before and "410" not in before
    person.send("2")  # Tell me when it changes
    assert db.scalar(select(Subscription.key)) == "bangkok"
    bystander = Person(client).speaks("en")
    bystander.send("minimum wage in Bangkok")  # asked, but did not opt in

    services = app.extensions["bot"]
    with app.extensions["db_sessionmaker"]() as session:
        assert send_wage_notices(session, services, datetime(2026, 11, 30, 16, 0)) == 0
        on_the_day = datetime(2026, 11, 30, 17, 30)  # 00:30 on 1 December in Bangkok
        assert send_wage_notices(session, services, on_the_day) == 1
        assert send_wage_notices(session, services, on_the_day + timedelta(hours=5)) == 0
    notices = db.scalars(select(Message).where(Message.reply_to_id.is_(None),
                                               Message.direction == "out")).all()
    assert len(notices) == 1 and "410 baht a day" in notices[0].body
    assert f"Checked {formats.day(date(2026, 11, 23), 'en')}. To be sure, call 1506." in \
        notices[0].body
    assert db.scalar(select(NoticeSent.change)) == "bangkok:2026-12-01"

    set_clock(app, datetime(2026, 12, 1, 3, 0))
    after = person.send("minimum wage in Bangkok")
    assert "410 baht a day" in after and formats.day(date(2026, 12, 1), "en") in after


def test_opted_out_subscribers_get_no_notice(future_rate_app, db):
    app = future_rate_app
    client = app.test_client()
    set_clock(app, datetime(2026, 11, 30, 10, 0))
    person = Person(client).speaks("en")
    person.send("minimum wage in Bangkok")
    person.send("2")
    person.send("STOP")
    with app.extensions["db_sessionmaker"]() as session:
        assert send_wage_notices(session, app.extensions["bot"],
                                 datetime(2026, 12, 1, 3, 0)) == 0


def test_wage_check_below_the_minimum_with_overtime(client):
    person = Person(client).speaks("en")
    person.send("minimum wage in Chonburi")
    person.send("1")  # Check my pay
    person.send("300 a day")
    person.send("4")  # Somewhere else: not a hotel or an entertainment place
    reply = person.send("10")
    assert "300 baht a day is below the legal minimum of 400 baht a day in Chonburi" in reply
    assert "2 of them are overtime" in reply and "75" in reply  # 400 / 8 × 1.5
    assert "1506" in reply


def test_wage_check_monthly_pay_in_thai_digits(client):
    person = Person(client).speaks("th")
    person.send("ค่าแรงขั้นต่ำเชียงใหม่เท่าไหร่")
    person.send("1")
    person.send("๑๒,๐๐๐ ต่อเดือน")  # 12,000 a month = 400 a day ≥ 357
    person.send("4")  # Somewhere else
    reply = person.send("8")
    assert "12,000" in reply and "357" in reply
