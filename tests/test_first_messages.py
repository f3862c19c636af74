"""A newcomer's first messages are answered, not lost (issue 9): a question before the
language is chosen, greetings in every language, and a message in another script."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Contact
from tests.helpers import menu_heading, telegram_button, telegram_text
from tests.test_twilio_sms import twiml_messages

NEW_NUMBER = "+66812345670"


def contact_locale(db) -> str | None:
    return db.scalar(select(Contact.locale))


def test_a_first_question_in_latin_letters_is_answered_once_the_language_is_chosen(
        send_sms, catalogs):
    [menu] = twiml_messages(send_sms("boss keeps my passport", sender=NEW_NUMBER))
    assert menu.startswith(catalogs.gettext(None, "Choose your language:"))
    answer = "\n".join(twiml_messages(send_sms("6", sender=NEW_NUMBER)))  # 6 English
    assert "passport" in answer.lower() and not answer.startswith(menu_heading(catalogs, "en"))
    # Answered once: the next choice of language is just the menu.
    send_sms("LANGUAGE", sender=NEW_NUMBER)
    again = twiml_messages(send_sms("6", sender=NEW_NUMBER))
    assert again[0].startswith(menu_heading(catalogs, "en"))


def test_a_first_question_waits_for_the_language_chosen_by_button(send_update, fake_telegram,
                                                                   catalogs):
    send_update(telegram_text(61, "my boss keeps my passport"))
    send_update(telegram_button(61, "lang:km"))
    answer = [c for c in fake_telegram.calls("sendMessage") if int(c["chat_id"]) == 61][-1]
    assert "លិខិតឆ្លងដែន" in answer["text"]  # passport, in the Khmer answer


@pytest.mark.parametrize(("greeting", "language"), [
    ("xin chào bạn", "vi"), ("Xin chao ban!", "vi"), ("chào anh", "vi"),
    ("សួស្តីបង", "km"), ("សួស្ដី", "km"), ("sousdey bong", "km-Latn"),
    ("ສະບາຍດີ", "lo"), ("ສະບາຍດີເຈົ້າ", "lo"),
    ("မင်္ဂလာပါ", "my"), ("မင်္ဂလာပါခင်ဗျာ", "my"),
    ("สวัสดีครับ", "th"), ("หวัดดีค่ะ", "th"),
])
def test_a_greeting_gets_the_menu_in_its_language(send_sms, db, catalogs, greeting, language):
    reply = twiml_messages(send_sms(greeting, sender=NEW_NUMBER))[0]  # Burmese takes 2 pages
    assert reply.startswith(menu_heading(catalogs, language)), reply
    assert contact_locale(db) == language


@pytest.mark.parametrize("greeting", ["hello", "Hi there", "good morning"])
def test_an_english_greeting_from_someone_new_gets_the_language_menu(send_sms, catalogs,
                                                                      greeting):
    [reply] = twiml_messages(send_sms(greeting, sender=NEW_NUMBER))
    assert reply.startswith(catalogs.gettext(None, "Choose your language:"))


def test_a_greeting_midway_is_the_menu_not_a_question(send_sms, catalogs):
    send_sms("ສະບາຍດີ", sender=NEW_NUMBER)
    send_sms("3", sender=NEW_NUMBER)  # At work: your rights
    [reply] = twiml_messages(send_sms("ສະບາຍດີເຈົ້າ", sender=NEW_NUMBER))
    assert reply.startswith(menu_heading(catalogs, "lo"))


def test_a_question_that_starts_with_a_greeting_is_still_a_question(send_sms, catalogs):
    send_sms("xin chào", sender=NEW_NUMBER)
    reply = "\n".join(twiml_messages(send_sms("chào anh, chủ giữ hộ chiếu của em",
                                              sender=NEW_NUMBER)))
    assert not reply.startswith(menu_heading(catalogs, "vi"))
    assert "hộ chiếu" in reply


@pytest.mark.parametrize(("first", "then", "expected", "switched_to"), [
    ("សួស្តី", "ຂ້ອຍຢາກຮູ້ຄ່າແຮງງານຂັ້ນຕ່ຳ", "lo", "ລາວ"),    # a Khmer user writes Lao
    ("ສະບາຍດີ", "ค่าแรงขั้นต่ำเท่าไหร่", "th", "ไทย"),         # a Lao user writes Thai
    ("สวัสดี", "ប្រាក់ឈ្នួលអប្បបរមាប៉ុន្មាន", "km", "ខ្មែរ"),    # a Thai user writes Khmer
    ("hello", "lương tối thiểu bao nhiêu", "vi", "Tiếng Việt"),  # en, after choosing 6
    ("မင်္ဂလာပါ", "ขอความช่วยเหลือ นายจ้างไม่จ่ายเงิน", "th", "ไทย"),
])
def test_a_message_in_another_script_is_answered_in_that_language(
        send_sms, db, catalogs, first, then, expected, switched_to):
    send_sms(first, sender=NEW_NUMBER)
    if first == "hello":
        send_sms("6", sender=NEW_NUMBER)
        send_sms("ស្ដី", sender=NEW_NUMBER)  # an English user writes in Khmer: km now
        assert contact_locale(db) == "km"
    reply = "\n".join(twiml_messages(send_sms(then, sender=NEW_NUMBER)))
    assert contact_locale(db) == expected
    notice = catalogs.gettext(expected, "I will answer in {language} now. To choose another "
                              "language, send LANGUAGE.", language=switched_to)
    assert reply.startswith(notice)
    not_understood = {catalogs.gettext(lang, "Sorry, I did not understand.")
                      for lang in ("km", "lo", "th", "my", "en")}
    assert not any(text in reply for text in not_understood)


def test_the_same_script_keeps_the_language(send_sms, db):
    send_sms("xin chào", sender=NEW_NUMBER)
    send_sms("hello, my boss keeps my passport", sender=NEW_NUMBER)  # Latin, like Vietnamese
    assert contact_locale(db) == "vi"
    send_sms("ສະບາຍດີ", sender=NEW_NUMBER)
    send_sms("Y K12 ២", sender=NEW_NUMBER)  # Khmer digits alone say nothing of the language
    assert contact_locale(db) == "lo"
