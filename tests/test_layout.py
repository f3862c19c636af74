"""Folders say what they hold: `flows/` conversation flows only (and the example codebook,
whose path is ALERTS_FILE's documented default), `facts/` dated and sourced facts, `words/`
what people type and how it is read, `settings/` the service's settings. Every data file
begins with a comment naming the code that reads it."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from bot.actions import register_all
from bot.config import PROJECT_ROOT, load_config
from bot.conversation.flows import FlowError, load_flows

DATA_FOLDERS = ("facts", "words", "settings")
CODEBOOK = PROJECT_ROOT / "flows" / "alerts.yaml"
_READER = re.compile(r"\b(?:bot|bench)/[\w/]+\.py\b")


def _data_files():
    files = [path for folder in DATA_FOLDERS for path in sorted((PROJECT_ROOT / folder).rglob("*"))]
    return [*files, CODEBOOK]


def _header(path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def test_flows_holds_flows_only():
    entries = sorted((PROJECT_ROOT / "flows").iterdir())
    assert [p.name for p in entries if not p.is_file() or p.suffix != ".yaml"] == []
    for path in entries:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path == CODEBOOK:
            assert "steps" not in data and "codes" in data
        else:
            assert isinstance(data, dict) and "steps" in data, f"{path.name} is not a flow"


def test_each_data_folder_holds_yaml_only():
    for folder in DATA_FOLDERS:
        files = list((PROJECT_ROOT / folder).rglob("*"))
        assert files, folder
        assert [p for p in files if not p.is_file() or p.suffix != ".yaml"] == [], folder


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_data_file_says_what_reads_it(path):
    header = _header(path)
    assert "Read by" in header or "read by" in header, f"{path}: no header naming its reader"
    readers = _READER.findall(header)
    assert readers, f"{path}: the header names no module"
    assert [r for r in readers if not (PROJECT_ROOT / r).is_file()] == [], path


def test_the_codebook_says_why_it_stays_in_flows():
    header = _header(CODEBOOK)
    assert "Not a flow" in header and "ALERTS_FILE" in header


def test_alerts_file_default_is_the_documented_path(monkeypatch, tmp_path):
    monkeypatch.delenv("ALERTS_FILE", raising=False)
    config = load_config(str(tmp_path))
    assert config["ALERTS_FILE"] == str(PROJECT_ROOT / "flows" / "alerts.yaml")
    assert CODEBOOK.is_file()
    for key, folder in (("FACTS_DIR", "facts"), ("WORDS_DIR", "words"),
                        ("SETTINGS_DIR", "settings")):
        assert config[key] == str(PROJECT_ROOT / folder)


def test_a_data_file_left_in_flows_stops_the_start(tmp_path):
    flows = tmp_path / "flows"
    shutil.copytree(PROJECT_ROOT / "flows", flows)
    shutil.copy(PROJECT_ROOT / "words" / "keywords.yaml", flows / "keywords.yaml")
    with pytest.raises(FlowError, match="keywords.yaml: not a flow"):
        load_flows(flows, register_all())
