"""The content page of the staff dashboard (issue 11): the wages and hotlines in force with
their sources and dates, what comes into force or goes stale soon, and the translation
coverage of every language; for NGO staff and admins only."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

from bot.facts.dated import Dated
from bot.facts.freshness import DEFAULT_DAYS, local_today, upcoming_facts
from bot.facts.hotlines import CountryLines, Hotline, Hotlines
from bot.facts.wages import Area, Country, Rate, WageBook
from bot.text import catalog_files
from bot.text.formats import day
from bot.text.languages import Languages


def test_police_cannot_open_the_content_page(staff_login):
    assert staff_login("police").get("/staff/content").status_code == 403


def test_the_content_page_lists_a_wage_with_its_source_and_dates(app, staff_login):
    body = html.unescape(staff_login("ngo").get("/staff/content").get_data(as_text=True))
    facts = app.extensions["bot"].facts
    today = local_today(facts.timezone)
    rate = facts.wages.rate_on("bangkok", today)
    row = re.search(r"<tr><td><span lang=\"en\">Bangkok</span>.*?</tr>", body, re.DOTALL)
    assert row, "no Bangkok row"
    row = row.group(0)
    assert str(rate.amount) in row and rate.source in row
    assert day(rate.effective_from, "en") in row and day(rate.verified, "en") in row
    # Hotlines with their sources, and the stale and upcoming sections.
    line = facts.hotlines.for_country("TH").lines[0]
    assert line.number in body and line.dates.source in body
    assert f"Not verified for more than {DEFAULT_DAYS} days" in body
    assert "In the next 60 days" in body


def test_the_translation_table_has_every_language(app, staff_login):
    body = staff_login("ngo").get("/staff/content").get_data(as_text=True)
    table = body.split('id="translations"', 1)[1]
    languages = Languages.load(Path(app.config["WORDS_DIR"]) / "languages.yaml")
    statuses = catalog_files.status(Path(app.config["LOCALES_DIR"]), languages.codes)
    assert len(statuses) == len(languages.codes) >= 7
    for language, status in zip(languages.all, statuses, strict=True):
        row = re.search(rf'<tr><th scope="row"><span lang="{language.code}">.*?</tr>', table,
                        re.DOTALL)
        assert row, language.code
        assert f'<td class="num">{status.messages}</td>' in row.group(0)
        assert f'<td class="num">{status.translated}' in row.group(0)


def test_a_khmer_account_reads_the_content_page_in_khmer(staff_login):
    body = staff_login("ngo", locale="km").get("/staff/content").get_data(as_text=True)
    assert '<html lang="km">' in body
    assert '<span lang="km">បាងកក</span>' in body  # the area's name in the reader's script


def test_an_admin_may_open_the_content_page(staff_login):
    assert staff_login("admin").get("/staff/content").status_code == 200


def _dated(effective: date, verified: date) -> Dated:
    return Dated(source="gazette", effective_from=effective, verified=verified)


def test_upcoming_facts_lists_new_rates_and_facts_about_to_go_stale():
    today = date(2026, 12, 1)
    areas = {"bangkok": Area(id="bangkok", country="TH", names={"en": "Bangkok"})}
    rates = [
        Rate("bangkok", 400, date(2025, 7, 1), "old", today - timedelta(days=DEFAULT_DAYS - 10)),
        Rate("bangkok", 420, today + timedelta(days=30), "new", today),
        Rate("bangkok", 450, today + timedelta(days=90), "later", today),
    ]
    wages = WageBook({"TH": Country("TH", "THB", "day", None, ["bangkok"])}, areas, rates, {})
    fresh = Hotline("1300", "help", True, None, (), False, True,
                    _dated(date(2020, 1, 1), today))
    hotlines = Hotlines({"TH": CountryLines("TH", (fresh,))})
    found = upcoming_facts(wages, hotlines, today)
    assert [(f.kind, f.event, f.on, f.source) for f in found] == [
        ("wage", "stale", today + timedelta(days=11), "old"),
        ("wage", "in_force", today + timedelta(days=30), "new"),
    ]
