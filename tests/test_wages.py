"""Minimum wages from the dated data file: the rate in force on the day asked, in every
language, province names in any script and with typos, the wage check and the opt-in."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import PROJECT_ROOT
from bot.facts.wages import WageBook

WAGES = WageBook.load(PROJECT_ROOT / "facts" / "minimum_wages.yaml")


def test_all_77_provinces_have_a_rate_in_force():
    provinces = [a for a in WAGES.areas.values() if a.country == "TH" and not a.parent]
    assert len(provinces) == 77
    for area in provinces:
        assert WAGES.rate_on(area.id, date(2026, 11, 23)) is not None, area.id


@pytest.mark.parametrize(("day", "bangkok", "chonburi", "chiang_mai"), [
    (date(2024, 6, 1), 363, 361, 350),
    (date(2025, 1, 1), 372, 400, 357),
    (date(2025, 6, 30), 372, 400, 357),
    (date(2025, 7, 1), 400, 400, 357),
    (date(2026, 11, 23), 400, 400, 357),
])
def test_rate_in_force_on_a_day(day, bangkok, chonburi, chiang_mai):
    assert WAGES.rate_on("bangkok", day).amount == bangkok
    assert WAGES.rate_on("chonburi", day).amount == chonburi
    assert WAGES.rate_on("chiang_mai", day).amount == chiang_mai


@pytest.mark.parametrize(("typed", "area"), [
    ("Bangkok", "bangkok"), ("กรุงเทพ", "bangkok"), ("กทม", "bangkok"), ("bangkock", "bangkok"),
    ("Chonburi", "chonburi"), ("chon buri", "chonburi"), ("ชลบุรี", "chonburi"),
    ("Chonbury", "chonburi"), ("Pattaya", "chonburi"),
    ("Chiang Mai", "chiang_mai"), ("เชียงใหม่", "chiang_mai"), ("chiangmai", "chiang_mai"),
    ("Mahachai", "samut_sakhon"), ("Mae Sot", "tak"),
    ("how much is the minimum wage in Chonburi", "chonburi"),
    ("ค่าแรงขั้นต่ำเชียงใหม่เท่าไหร่", "chiang_mai"),
])
def test_places_in_any_script_and_with_typos(typed, area):
    assert WAGES.find_area(typed).id == area


def test_unknown_place():
    assert WAGES.find_area("Atlantis") is None
    assert WAGES.find_area("hello") is None


def test_each_province_is_found_by_its_thai_and_english_name():
    for area in WAGES.areas.values():
        for key in ("en", "th"):
            if key in area.names:
                found = WAGES.find_area(area.names[key])
                assert found is not None and found.id == area.id, (area.id, area.names[key])
