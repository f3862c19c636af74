"""Twilio's own segment calculator (npm `sms-segments-calculator`, pinned in
tests/node/package-lock.json), run with Node.js: how Twilio counts a batch of texts.

`python3 dev.py test` installs it into tests/node/node_modules. One node process answers a
whole batch, and answers are kept for the session, so a test file starts node a few times.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"
SCRIPT = NODE_DIR / "segments.js"
PACKAGE = NODE_DIR / "node_modules" / "sms-segments-calculator" / "package.json"
VERSION = "1.3.0"
HOW_TO_INSTALL = ("Twilio's segment calculator is not installed: run `python3 dev.py test` "
                  "(it runs `npm ci --prefix tests/node`; it needs Node.js 18+ and npm, e.g. "
                  "`apt-get install nodejs npm`)")


@dataclass(frozen=True)
class Count:
    """What the calculator says of one text."""
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2, as the library counts
    graphemes: tuple[int, ...]  # the UTF-16 length of each grapheme it keeps whole
    non_gsm: tuple[str, ...]  # its getNonGsmCharacters()


@dataclass(frozen=True)
class SmartCount:
    """The same text with Smart Encoding on: what it would send instead, and its count."""
    plain: Count
    text: str
    smart: Count


_plain: dict[str, Count] = {}
_smart: dict[str, SmartCount] = {}
_map: dict[str, str] = {}


def counts(texts: Iterable[str]) -> list[Count]:
    """The calculator's count of each text (Smart Encoding off), in order."""
    texts = list(texts)
    missing = list(dict.fromkeys(t for t in texts if t not in _plain))
    if missing:
        for text, answer in zip(missing, _run(missing), strict=True):
            _plain[text] = _count(answer)
    return [_plain[text] for text in texts]


def smart_counts(texts: Iterable[str]) -> list[SmartCount]:
    """Each text's count, and what Twilio's Smart Encoding would make of it."""
    texts = list(texts)
    missing = list(dict.fromkeys(t for t in texts if t not in _smart))
    if missing:
        for text, answer in zip(missing, _run(missing, "--smart"), strict=True):
            smart = answer["smart"]
            _plain[text] = _count(answer)
            _smart[text] = SmartCount(_plain[text], smart["text"], _count(smart))
    return [_smart[text] for text in texts]


def smart_encoding_map() -> dict[str, str]:
    """The calculator's SmartEncodingMap: character -> what Smart Encoding sends instead."""
    if not _map:
        _map.update(_run_node(["--smart-map"], "[]"))
    return dict(_map)


def _count(answer: dict) -> Count:
    return Count(answer["encoding"], answer["segments"], answer["units"],
                 tuple(answer["graphemes"]), tuple(answer["nonGsm"]))


def _run(texts: list[str], *options: str) -> list[dict]:
    answers = _run_node(list(options), json.dumps(texts))
    assert len(answers) == len(texts), "the calculator answered a different number of texts"
    return answers


def _run_node(options: list[str], stdin: str) -> Any:
    node = shutil.which("node")
    if node is None or not PACKAGE.is_file():
        pytest.fail(HOW_TO_INSTALL, pytrace=False)
    installed = json.loads(PACKAGE.read_text(encoding="utf-8"))["version"]
    if installed != VERSION:
        pytest.fail(f"tests/node has sms-segments-calculator {installed}, not {VERSION}: "
                    + HOW_TO_INSTALL.replace(" is not installed", " is out of date"),
                    pytrace=False)
    # ASCII JSON in (no encoding to agree on); the answer is UTF-8 JSON.
    done = subprocess.run([node, str(SCRIPT), *options], input=stdin.encode("ascii"),
                          capture_output=True, cwd=NODE_DIR, timeout=300)
    if done.returncode != 0:
        pytest.fail("the segment calculator failed: "
                    + done.stderr.decode("utf-8", "replace")[-2000:], pytrace=False)
    return json.loads(done.stdout.decode("utf-8"))
