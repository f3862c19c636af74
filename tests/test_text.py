"""Languages, scripts, digits and keywords in every language of the service."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.conversation.keywords import Keywords
from bot.text.digits import normalize_digits, parse_choice
from bot.text.languages import Languages
from bot.text.scripts import detect_language

KEYWORDS = Keywords.load(PROJECT_ROOT / "words" / "keywords.yaml")
LANGUAGES = Languages.load(PROJECT_ROOT / "words" / "languages.yaml")


@pytest.mark.parametrize(("text", "language"), [
    ("ខ្ញុំត្រូវការជំនួយ", "km"), ("ຂ້ອຍຕ້ອງການຄວາມຊ່ວຍເຫຼືອ", "lo"),
    ("ကျွန်မ အကူအညီ လိုတယ်", "my"), ("Tôi cần giúp đỡ", "vi"), ("ฉันต้องการความช่วยเหลือ", "th"),
    ("Lương tối thiểu", "vi"), ("hello", None), ("123", None), ("😀", None),
    ("OK ខ្ញុំ", "km"),
])
def test_language_from_script(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(("typed", "number"), [
    ("3", 3), ("៣", 3), ("໓", 3), ("၃", 3), ("๓", 3), ("႓", 3), ("３", 3), (" 2. ", 2),
    ("១០", 10), ("two", None), ("", None), ("1 2", None),
])
def test_menu_numbers_in_every_script(typed, number):
    assert parse_choice(typed) == number


def test_normalize_digits_keeps_other_text():
    assert normalize_digits("Y K12 ២") == "Y K12 2"


@pytest.mark.parametrize(("word", "action"), [
    ("MENU", "menu"), ("ម៉ឺនុយ", "menu"), ("ເມນູ", "menu"), ("မီနူး", "menu"),
    ("danh mục", "menu"), ("เมนู", "menu"), ("menuy", "menu"),
    ("Language", "language"), ("ភាសា", "language"), ("ພາສາ", "language"), ("ဘာသာ", "language"),
    ("ngôn ngữ", "language"), ("ภาษา", "language"), ("phasa", "language"),
    ("help", "help"), ("ជំនួយ", "help"), ("ຊ່ວຍ", "help"), ("အကူအညီ", "help"),
    ("giúp", "help"), ("ช่วย", "help"), ("chuoy", "help"),
    ("stop", "stop"), ("ឈប់", "stop"), ("ຢຸດ", "stop"), ("ရပ်", "stop"), ("DỪNG", "stop"),
    ("หยุด", "stop"), ("chhob", "stop"),
    ("start", "start"), ("ចាប់ផ្តើម", "start"), ("ເລີ່ມ", "start"), ("စတင်", "start"),
    ("Bắt đầu", "start"), ("เริ่ม", "start"), ("chab pdaem", "start"),
    ("/start", "start"), ("/start ref123", "start"), ("/menu@safe_work_bot", "menu"),
    ("  Stop! ", "stop"), ("stop the boss", None), ("menus", None),
])
def test_keywords_in_every_language(word, action):
    assert KEYWORDS.match(word) == action


def test_keyword_in_nfd_vietnamese_still_matches():
    import unicodedata

    assert KEYWORDS.match(unicodedata.normalize("NFD", "ngôn ngữ")) == "language"


@pytest.mark.parametrize(("typed", "code"), [
    ("khmer", "km"), ("ខ្មែរ", "km"), ("Lao", "lo"), ("မြန်မာ", "my"), ("burmese", "my"),
    ("tieng viet", "vi"), ("Tiếng Việt", "vi"), ("ไทย", "th"), ("English", "en"),
])
def test_language_names_in_own_script_and_latin(typed, code):
    assert LANGUAGES.by_name(typed) == code


def test_language_menu_names_each_language_in_its_own_script_and_latin():
    labels = [language.menu_label for language in LANGUAGES.all]
    assert labels == ["ខ្មែរ (Khmer)", "ລາວ (Lao)", "မြန်မာ (Myanmar)",
                      "Tiếng Việt (Vietnamese)", "ไทย (Thai)", "English",
                      "Phasa Khmae (Khmer, Latin letters)"]
