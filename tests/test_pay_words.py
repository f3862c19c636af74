"""Pay and its period as people write it, in every language: period words match whole
words only (ICU word breaks), the longest match wins, digits of any script, and words such
as "million" multiply."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.text.pay import PayWords, parse_pay, pay_period

WORDS = PayWords.load(PROJECT_ROOT / "words" / "pay_words.yaml")

# (what a person writes, amount, period); the country's default is "day" (Thailand).
PHRASINGS = {
    "en": [("350 a day", 350, "day"), ("i get 350 baht per day", 350, "day"),
           ("daily 320", 320, "day"), ("350/day", 350, "day"),
           ("9000 a month", 9000, "month"), ("salary 9,000", 9000, "month"),
           ("9000/month", 9000, "month"), ("monthly 8500 baht", 8500, "month"),
           ("6 days a week, 9000 a month", 6, "month")],
    "my": [("လုပ်ခ တစ်ရက် 350", 350, "day"), ("လုပ်ခ တစ်ရက် ၃၅၀", 350, "day"),
           ("တစ်နေ့ ၃၅၀ ကျပ်", 350, "day"), ("ရက်စား ၃၂၀", 320, "day"),
           ("နေ့စား ၃၀၀ ဘတ်", 300, "day"), ("တစ်ရက်ကို ၃၅၀ ရတယ်", 350, "day"),
           ("လစာ ၉၀၀၀", 9000, "month"), ("တစ်လ ၉၀၀၀ ဘတ်", 9000, "month"),
           ("လခ ၈၅၀၀ ရတယ်", 8500, "month"), ("တစ်လကို ၉ ထောင်", 9000, "month")],
    "th": [("ได้วันละ 350 บาท", 350, "day"), ("ค่าแรงต่อวัน ๓๐๐", 300, "day"),
           ("รายวัน ๓๕๐", 350, "day"), ("วันละ๓๒๐", 320, "day"),
           ("เงินเดือน ๙,๐๐๐", 9000, "month"), ("เดือนละ 9000", 9000, "month"),
           ("ต่อเดือน ๑๒,๐๐๐ บาท", 12000, "month"), ("เดือนละ 9 พัน", 9000, "month")],
    "lo": [("ວັນລະ 350 ບາດ", 350, "day"), ("ມື້ລະ ໓໕໐", 350, "day"),
           ("ຄ່າແຮງຕໍ່ວັນ 300", 300, "day"), ("ເດືອນລະ 2000000 ກີບ", 2000000, "month"),
           ("ເງິນເດືອນ 2 ລ້ານ ກີບ", 2000000, "month"), ("ຕໍ່ເດືອນ ໙໐໐໐ ບາດ", 9000, "month")],
    "km": [("ថ្ងៃមួយ ៣៥០ បាត", 350, "day"), ("ប្រាក់ឈ្នួលប្រចាំថ្ងៃ ៣៥០", 350, "day"),
           ("មួយថ្ងៃ ៣០០ បាត", 300, "day"), ("ប្រាក់ខែ ៩០០០ បាត", 9000, "month"),
           ("ខែមួយ ៩០០០", 9000, "month"), ("ប្រចាំខែ ២០៨ ដុល្លារ", 208, "month")],
    "km-Latn": [("thngai 350 baht", 350, "day"), ("mouy thngai 320", 320, "day"),
                ("prak khe 9000", 9000, "month"), ("khe mouy 9000 baht", 9000, "month")],
    "vi": [("350 một ngày", 350, "day"), ("mỗi ngày 350 baht", 350, "day"),
           ("350 mot ngay", 350, "day"), ("lương tháng 9 triệu", 9000000, "month"),
           ("9.000 baht mỗi tháng", 9000, "month"), ("9 trieu mot thang", 9000000, "month"),
           ("1,5 triệu một tháng", 1500000, "month")],
}


@pytest.mark.parametrize(("language", "text", "amount", "period"), [
    (language, *row) for language, rows in PHRASINGS.items() for row in rows])
def test_pay_phrasings(language, text, amount, period):
    assert parse_pay(text, WORDS, "day") == (amount, period)


def test_every_language_has_day_and_month_phrasings():
    for language, rows in PHRASINGS.items():
        assert {period for _, _, period in rows} == {"day", "month"}, language


@pytest.mark.parametrize("text", ["လုပ်ခ 350", "လုပ်ငန်း ၃၅၀", "လာတယ် 350", "ขอเดินทาง 350",
                                  "ເດີນທາງ 350", "ខេត្ត ៣៥០"])
def test_a_period_word_inside_another_word_does_not_count(text):
    """`လ` (month) begins `လုပ်ခ` (wage) and `လာ` (come); `ខែ` is not in `ខេត្ត`."""
    assert pay_period(text, WORDS) is None


def test_without_a_period_word_a_thai_daily_wage_is_hundreds():
    assert parse_pay("350", WORDS, "day") == (350, "day")
    assert parse_pay("9000", WORDS, "day") == (9000, "month")
    assert parse_pay("5000000", WORDS, "month") == (5000000, "month")
    assert parse_pay("no number here", WORDS, "day") is None


@pytest.mark.parametrize("text", ["9" * 400, "²³ a day", "0", "", "\x00"])
def test_no_amount_in_odd_input(text):
    assert parse_pay(text, WORDS, "day") is None
