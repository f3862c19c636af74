"""Flow files are checked at start-up, with errors that name the file and the step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.actions import register_all
from bot.config import PROJECT_ROOT
from bot.conversation.flows import FlowError, load_flows, parse_duration

ACTIONS = register_all()


@pytest.fixture
def flows_dir(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT_ROOT / "flows", tmp_path / "flows")
    return tmp_path / "flows"


def test_the_shipped_flows_load():
    flows = load_flows(PROJECT_ROOT / "flows", ACTIONS)
    assert flows["main"].start == "menu"
    assert len(flows["main"].steps["menu"].options) == 8


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("id: extra\nstart: a\nsteps:\n  a:\n    text: Hi\n    options:\n"
     "      - {label: Go, next: nowhere}\n",
     "extra.yaml: step 'a': option 1 goes to unknown step 'nowhere'"),
    ("id: extra\nstart: a\nsteps:\n  a:\n    options: []\n", "extra.yaml: step 'a': 'text'"),
    ("id: extra\nstart: b\nsteps:\n  a: {text: Hi}\n", "start step 'b' is not among"),
    ("id: extra\nstart: a\nexpiry: soon\nsteps:\n  a: {text: Hi}\n", "expiry: bad duration"),
    ("id: extra\nstart: a\nsteps:\n  a: {text: Hi, colour: red}\n", "step 'a': unknown keys"),
    ("id: extra\nstart: a\nsteps:\n  a:\n    text: Hi\n    options:\n      - {label: Go}\n",
     "step 'a': option 1 needs 'label' and 'next'"),
    ("id: main\nstart: a\nsteps:\n  a: {text: Hi}\n", "flow id 'main' is also used"),
    ("id: extra\nstart: a\nsteps: [\n", "not valid YAML"),
    ("id: extra\nstart: a\nsteps:\n  a:\n    text: Hi\n    routes:\n"
     "      - {match: [x], next: other:zz}\n", "route 1 goes to unknown step 'other:zz'"),
])
def test_errors_name_the_file_and_step(flows_dir, yaml_text, message):
    (flows_dir / "extra.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(FlowError) as error:
        load_flows(flows_dir, ACTIONS)
    assert message in str(error.value)
    assert "extra.yaml" in str(error.value) or "main.yaml" in str(error.value)


def test_a_bad_flow_stops_the_app_from_starting(flows_dir, config):
    from bot import create_app

    (flows_dir / "extra.yaml").write_text(
        "id: extra\nstart: a\nsteps:\n  a:\n    text: Hi\n    options:\n"
        "      - {label: Go, next: gone}\n", encoding="utf-8")
    with pytest.raises(FlowError, match="extra.yaml: step 'a'"):
        create_app({**config, "FLOWS_DIR": str(flows_dir)})


def test_cross_flow_targets_and_actions(flows_dir):
    (flows_dir / "extra.yaml").write_text(
        "id: extra\nstart: a\nsteps:\n  a:\n    text: Hi\n    options:\n"
        "      - {label: Menu, next: 'main:menu'}\n      - {label: Lang, next: '@language'}\n",
        encoding="utf-8")
    assert "extra" in load_flows(flows_dir, ACTIONS)


def test_durations():
    assert parse_duration("30s").total_seconds() == 30
    assert parse_duration("10m").total_seconds() == 600
    assert parse_duration("2h").total_seconds() == 7200
    with pytest.raises(ValueError):
        parse_duration("10 minutes")
