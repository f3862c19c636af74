"""Every wage and hotline carries its source, the day it took effect (or was first
verified) and the day it was last verified: a file without them stops the start, with the
file and the entry named; `flask facts stale` lists what nobody checked lately, and the
clock warns once a week while anything is stale."""

from __future__ import annotations

import logging
import shutil
from datetime import date

import pytest
import yaml

from bot import create_app
from bot.config import PROJECT_ROOT
from bot.facts.dated import FactsFileError
from bot.scheduler import Clock
from bot.sessions import new_session


@pytest.fixture
def facts_copy(tmp_path):
    facts = tmp_path / "facts"
    shutil.copytree(PROJECT_ROOT / "facts", facts)
    return facts


def _edit(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("field", ["source", "effective_from", "verified"])
def test_a_hotline_without_its_dates_stops_the_start(config, facts_copy, field):
    path = facts_copy / "hotlines.yaml"
    _edit(path, lambda data: data["countries"]["VN"]["lines"][0].pop(field))
    with pytest.raises(FactsFileError) as error:
        create_app({**config, "FACTS_DIR": str(facts_copy)})
    assert str(path) in str(error.value)
    assert f"VN line 113: missing {field}" in str(error.value)


@pytest.mark.parametrize("field", ["source", "effective_from", "verified"])
def test_a_wage_without_its_dates_stops_the_start(config, facts_copy, field):
    path = facts_copy / "minimum_wages.yaml"
    _edit(path, lambda data: data["countries"]["KH"]["rates"][-1].pop(field))
    with pytest.raises(FactsFileError) as error:
        create_app({**config, "FACTS_DIR": str(facts_copy)})
    assert str(path) in str(error.value) and "rate cambodia" in str(error.value)
    assert f"missing {field}" in str(error.value)


def test_a_date_that_is_not_a_date_is_refused(config, facts_copy):
    path = facts_copy / "hotlines.yaml"
    _edit(path, lambda data: data["countries"]["TH"]["lines"][0].update(verified="last week"))
    with pytest.raises(FactsFileError, match="TH line 191: verified must be a date"):
        create_app({**config, "FACTS_DIR": str(facts_copy)})


def test_every_shipped_fact_is_dated():
    hotlines = yaml.safe_load((PROJECT_ROOT / "facts/hotlines.yaml").read_text("utf-8"))
    for country in hotlines["countries"].values():
        for line in country["lines"]:
            assert {"source", "effective_from", "verified"} <= set(line), line["number"]
            assert isinstance(line["verified"], date) and line["source"].startswith("http")


@pytest.fixture
def stale_app(config, facts_copy, make_app):
    """Laos' 1362 and Bangkok's rate of 1 July 2025 last verified long ago."""
    def hotline(data):
        for line in data["countries"]["LA"]["lines"]:
            if line["number"] == "1362":
                line["verified"] = date(2025, 1, 10)
    _edit(facts_copy / "hotlines.yaml", hotline)

    def wage(data):
        for rate in data["countries"]["TH"]["rates"]:
            if rate["area"] == "bangkok":  # older Bangkok rounds are no longer quoted
                rate["verified"] = date(2025, 2, 1)
    _edit(facts_copy / "minimum_wages.yaml", wage)
    return make_app(FACTS_DIR=str(facts_copy))


def test_facts_stale_lists_what_was_not_verified_lately(stale_app):
    result = stale_app.test_cli_runner().invoke(args=["facts", "stale", "--days", "180"])
    assert result.exit_code == 0, result.output
    assert "2 fact(s) not verified within 180 days" in result.output
    assert "LA 1362" in result.output and "2025-01-10" in result.output
    assert "TH bangkok 400 from 2025-07-01" in result.output
    assert "TH bangkok 372" not in result.output  # replaced by a newer round
    assert "vientianetimes.org.la" in result.output  # where to check it


def test_facts_stale_with_nothing_stale(runner):
    result = runner.invoke(args=["facts", "stale", "--days", "3650"])
    assert result.exit_code == 0 and "verified within 3650 days" in result.output
    assert "not verified" not in result.output
    assert runner.invoke(args=["facts", "stale", "--days", "-1"]).exit_code == 2


def test_the_clock_warns_while_facts_are_stale(stale_app, app, caplog):
    caplog.set_level(logging.WARNING, logger="bot.scheduler")
    with new_session(stale_app) as session:
        Clock(stale_app).stale_facts_warning(session)
    assert "2 fact(s) not verified within 180 days" in caplog.text
    caplog.clear()
    clock = Clock(app)  # the shipped facts were all verified recently
    with new_session(app) as session:
        clock.stale_facts_warning(session)
    assert caplog.text == ""
    weekly = {job.id: job for job in clock.build().get_jobs()}["stale_facts"]
    assert weekly.trigger.interval.days == 7
