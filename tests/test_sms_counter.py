"""Counted as Twilio counts: the encoding, length and segments `sms_info` gives every text
the service can send agree with Twilio's own calculator (npm `sms-segments-calculator`,
run with Node.js by tests/sms_counter.py; `python3 dev.py test` installs it).

First Twilio's documented worked examples, which need no Node.js; then agreement with the
calculator on every catalog text, every flow and facts text, and a few thousand generated
texts in every script the service writes, at lengths around the segment boundaries.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import PROJECT_ROOT
from bot.sms import encoding
from bot.sms.encoding import GSM_BASIC, GSM_EXTENSION, graphemes, is_gsm7, sms_info
from bot.text.extract import extract_flows
from tests import sms_counter

# --- Twilio's worked examples (no Node.js needed) -------------------------------------
# https://www.twilio.com/docs/glossary/what-sms-character-limit (dateModified 2025-12-09):
#   GSM-7 160 characters in one segment, 153 per segment of a longer message; UCS-2 70/67.
# https://www.twilio.com/docs/glossary/what-is-ucs-2-character-encoding: any non-GSM-7
#   character makes Twilio send the whole message as UCS-2; a 6-byte header per part.
# https://support.twilio.com/hc/en-us/articles/223134227-Can-I-send-and-receive-emoji-with-Twilio:
#   an emoji takes 2 characters of the 70; a skin-tone modifier doubles that to 4.
# Extension characters (^ { } \ [ ~ ] | € and form feed) take two septets: ESC and the
#   character (FACTS.md §3.1; Twilio's calculator map, src/libs/UnicodeToGSM.ts).

THAI = "ก"


@pytest.mark.parametrize(("text", "expected"), [
    ("a" * 160, ("GSM-7", 160, 1)),
    ("a" * 161, ("GSM-7", 161, 2)),
    ("a" * 306, ("GSM-7", 306, 2)),  # 2 x 153
    ("a" * 307, ("GSM-7", 307, 3)),
    (THAI * 70, ("UCS-2", 70, 1)),
    (THAI * 71, ("UCS-2", 71, 2)),
    (THAI * 134, ("UCS-2", 134, 2)),  # 2 x 67
    (THAI * 135, ("UCS-2", 135, 3)),
    ("€" * 80, ("GSM-7", 160, 1)),  # 80 extension characters are 160 septets
    ("€" * 81, ("GSM-7", 162, 2)),
    ("a" * 158 + "{", ("GSM-7", 160, 1)),
    ("a" * 159 + "|", ("GSM-7", 161, 2)),
    ("😀" * 35, ("UCS-2", 70, 1)),  # an emoji is two UTF-16 units
    ("😀" * 36, ("UCS-2", 72, 2)),
    ("👍🏽", ("UCS-2", 4, 1)),  # with a skin tone: four
    ("a" * 100 + "’", ("UCS-2", 101, 2)),  # one curly apostrophe: the whole text is UCS-2
    ("a" * 69 + "’", ("UCS-2", 70, 1)),
    ("Xin chào", ("GSM-7", 8, 1)),  # à is in GSM-7
    ("Xin chào bạn", ("UCS-2", 12, 1)),  # ạ is not
    ("", ("GSM-7", 0, 1)),
], ids=lambda value: value if isinstance(value, tuple) else None)
def test_twilios_documented_examples(text, expected):
    info = sms_info(text)
    assert (info.encoding, info.units, info.segments) == expected


# The calculator keeps each grapheme and each extension character whole in one segment
# (src/libs/SegmentedMessage.ts, _buildSegments), so these take a segment more than
# ceil(units / 67) or ceil(septets / 153).
@pytest.mark.parametrize(("text", "segments"), [
    ("a" * 66 + "😀" + "a" * 66, 3),  # 134 units; the emoji does not fit the first part
    ("a" * 152 + "€" + "a" * 152, 3),  # 306 septets; ESC € is not split across parts
    ("a" + "\u0301" * 100, 2),  # one grapheme of 101 units: a first part left empty
])
def test_a_grapheme_is_never_split_across_segments(text, segments):
    assert sms_info(text).segments == segments


def test_khmer_and_burmese_stacks_are_split_as_twilio_splits_them():
    """grapheme-splitter follows Unicode 10: it breaks after a Khmer coeng or Burmese
    virama, where Unicode 17 (and regex >= 2025.10.22) joins the stack into one cluster.
    Twilio's count follows the older rule, so a part may end inside a stack."""
    assert graphemes("ស្រ្តី") == ["ស្", "រ្", "តី"]
    assert graphemes("မန္တလေး") == ["မ", "န္", "တ", "လေ", "း"]
    # 134 units: two parts only because the first may end after "ស្" or "န္".
    assert sms_info("ក" * 65 + "ស្រ្តី" + "ក" * 63).segments == 2
    assert sms_info("မ" * 65 + "န္တ" + "မ" * 66).segments == 2


def test_crlf_is_two_characters_and_stays_gsm():
    assert sms_info("a\r\nb") == encoding.SmsInfo("GSM-7", 4, 1)
    assert graphemes("a\r\nb") == ["a", "\r", "\n", "b"]


def test_escape_is_not_a_gsm_character():
    """ESC is the escape code, not in Twilio's table: a text holding it goes as UCS-2."""
    assert not is_gsm7("a\x1bb")
    assert sms_info("a\x1bb").encoding == "UCS-2"


# --- internal consistency (no Node.js) -------------------------------------------------

def _build_segments(text: str) -> int:
    """SegmentedMessage._buildSegments, literally: bits per grapheme, 1120 per segment,
    48 of header once there are two; the first hands what no longer fits to the second."""
    gsm = is_gsm7(text)
    sizes = [(14 if g in GSM_EXTENSION else 7) if gsm else 8 * len(g.encode("utf-16-le"))
             for g in graphemes(text)]
    segments: list[list[int]] = [[]]
    header = [False]
    for size in sizes:
        if 1120 - sum(segments[-1]) - 48 * header[-1] < size:
            segments.append([])
            header.append(True)
            if len(segments) == 2:
                header[0] = True
                while sum(segments[0]) + 48 > 1120:
                    segments[1].insert(0, segments[0].pop())
        segments[-1].append(size)
    return len(segments)


_PIECES = [*"ស្រ្តីកម្ពុជា", *"မန္တလေး", "ကျောင်း", *"ສະບາຍດີ", *"ไทยค่าจ้าง", "ệ", "e\u0323\u0302",
           *GSM_BASIC[:40], *GSM_EXTENSION, "😀", "👍🏽", "🇹🇭", "👩\u200d👩\u200d👧", "\u200d",
           "🏽", "\r\n", "\u200b", "\u0301"]


@settings(max_examples=400, database=None, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=220), st.integers(0, 3))
def test_sms_info_matches_a_literal_port_of_the_calculator(pieces, repeat):
    text = "".join(pieces) * (repeat + 1)
    info = sms_info(text)
    assert info.segments == _build_segments(text)
    assert "".join(graphemes(text)) == text
    if info.encoding == "UCS-2":
        assert info.units == len(text.encode("utf-16-le")) // 2


# --- agreement with Twilio's calculator (Node.js) -------------------------------------

LOCALES = PROJECT_ROOT / "locales"


def catalog_texts() -> list[str]:
    """Every msgid and msgstr of every catalog, {placeholders} and all."""
    texts = []
    for path in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                for part in (message.id, message.string):
                    texts += [part] if isinstance(part, str) else list(part or ())
    return [text for text in texts if text]


def data_texts() -> list[str]:
    """Every text shown to people from flows/*.yaml and facts/*.yaml (as babel extracts)."""
    texts = []
    for path in sorted([*(PROJECT_ROOT / "flows").glob("*.yaml"),
                        *(PROJECT_ROOT / "facts").glob("*.yaml")]):
        with path.open("rb") as handle:
            texts += [message for _, _, message, _ in extract_flows(handle, None, None, None)]
    return texts


def _span(low: int, high: int) -> list[str]:
    return [chr(code) for code in range(low, high + 1)]


KHMER_CONSONANTS, KHMER_VOWELS = _span(0x1780, 0x17A2), _span(0x17B6, 0x17C5)
KHMER_SIGNS, KHMER = _span(0x17B6, 0x17D3), _span(0x1780, 0x17FF)
MYANMAR_CONSONANTS, MYANMAR_SIGNS = _span(0x1000, 0x1021), _span(0x102B, 0x103E)
MYANMAR, LAO, THAI_BLOCK = _span(0x1000, 0x109F), _span(0x0E80, 0x0EFF), _span(0x0E00, 0x0E7F)
VIETNAMESE = ("Người lao động di cư cần biết quyền của mình. Hãy giữ hộ chiếu, hợp đồng và "
              "số điện thoại khẩn cấp. Đừng trả phí cho người môi giới.")
EMOJI = ["😀", "👍", "👍🏽", "🏽", "❤️", "1️⃣", "🇹🇭", "🇰🇭", "🇹", "👩\u200d👩\u200d👧",
         "👨\u200d🔧", "\u200d", "🙏🏿", "✈️"]


def _script_pieces(rng: random.Random, script: str) -> str:
    """One piece of text in a script: whole syllables, stacks, loose signs, spaces."""
    if script == "km":
        return rng.choice([
            rng.choice(KHMER_CONSONANTS) + "\u17d2" + rng.choice(KHMER_CONSONANTS)
            + rng.choice(KHMER_VOWELS),
            rng.choice(KHMER_CONSONANTS) + rng.choice(KHMER_SIGNS),
            rng.choice(KHMER), " ", "។", "\u200b"])
    if script == "my":
        return rng.choice([
            rng.choice(MYANMAR_CONSONANTS) + "\u1039" + rng.choice(MYANMAR_CONSONANTS),
            "\u1004\u103a\u1039" + rng.choice(MYANMAR_CONSONANTS),  # kinzi
            rng.choice(MYANMAR_CONSONANTS) + rng.choice(MYANMAR_SIGNS),
            rng.choice(MYANMAR), " ", "။"])
    if script == "lo":
        return rng.choice([rng.choice(LAO), "ສະບາຍດີ", "ເຮັດວຽກ", " "])
    if script == "th":
        return rng.choice([rng.choice(THAI_BLOCK), "ค่าจ้าง", "น้ำ", "ไทย", " "])
    if script == "vi":
        word = rng.choice(VIETNAMESE.split())
        return rng.choice([word, unicodedata.normalize("NFD", word)]) + " "
    if script == "gsm":
        return rng.choice([rng.choice(GSM_BASIC), rng.choice(GSM_EXTENSION), "\r\n"])
    if script == "emoji":
        return rng.choice(EMOJI)
    return rng.choice("abcdefghij ’“”–—…\u00a0\u00ad")  # Latin with look-alikes


SCRIPTS = ("km", "my", "lo", "th", "vi", "gsm", "emoji", "latin")
# Around the boundaries: 70 / 67 / 134 (UCS-2), 160 / 153 / 306 (GSM-7), and beyond.
TARGETS = (*range(1, 12), *range(64, 74), *range(130, 139), *range(150, 164),
           *range(199, 203), *range(300, 310), 400, 459, 460, 461, 600)


@functools.cache
def generated_texts(count: int = 3000, seed: int = 20261203) -> tuple[str, ...]:
    """`count` texts built deterministically, each in one or two scripts, each about one of
    TARGETS long (in UTF-16 units)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        scripts = rng.sample(SCRIPTS, rng.choice((1, 1, 2)))
        target = rng.choice(TARGETS)
        text, units = "", 0
        while units < target:
            piece = _script_pieces(rng, rng.choice(scripts))
            text, units = text + piece, units + len(piece.encode("utf-16-le")) // 2
        if rng.random() < 0.5:  # land exactly on the target, cutting wherever that is
            text = text.encode("utf-16-le")[:2 * target].decode("utf-16-le", "ignore")
        texts.append(text)
    return tuple(texts)


def texts_to_check() -> list[str]:
    """Every text checked against the calculator (extend with more texts as they appear)."""
    return list(dict.fromkeys([*catalog_texts(), *data_texts(), *generated_texts()]))


def _shown(text: str) -> str:
    """A text in a failure message: shortened, with digits masked (hotline numbers)."""
    return repr(re.sub(r"\d", "#", text[:60]))


@pytest.fixture(scope="module")
def checked() -> list[tuple[str, sms_counter.Count]]:
    texts = texts_to_check()
    return list(zip(texts, sms_counter.counts(texts), strict=True))


def test_enough_texts_are_checked(checked):
    texts = [text for text, _ in checked]
    assert len(catalog_texts()) > 500 and len(data_texts()) > 50
    assert len(texts) > 3500
    # Every script and both encodings, with long texts on both sides of the boundaries.
    assert {sms_info(text).encoding for text in texts} == {"GSM-7", "UCS-2"}
    assert {count.segments for _, count in checked} >= {1, 2, 3, 4}
    for low, high in ((0x1780, 0x17FF), (0x1000, 0x109F), (0x0E80, 0x0EFF), (0x0E00, 0x0E7F)):
        assert sum(any(low <= ord(c) <= high for c in text) for text in texts) > 200


def test_sms_info_agrees_with_twilios_calculator(checked):
    wrong = []
    for text, count in checked:
        info = sms_info(text)
        if (info.encoding, info.units, info.segments) != (count.encoding, count.units,
                                                         count.segments):
            wrong.append(f"{_shown(text)}: ours {info}, Twilio's {count.encoding} "
                         f"{count.units} units {count.segments} segments")
    assert wrong == [], f"{len(wrong)} texts counted differently:\n" + "\n".join(wrong[:10])


def test_graphemes_agree_with_twilios_calculator(checked):
    wrong = [_shown(text) for text, count in checked
             if tuple(len(g.encode("utf-16-le")) // 2 for g in graphemes(text))
             != count.graphemes]
    assert wrong == [], f"{len(wrong)} texts split differently: " + ", ".join(wrong[:10])


def test_is_gsm7_agrees_with_twilios_calculator(checked):
    wrong = [_shown(text) for text, count in checked
             if is_gsm7(text) != (count.encoding == "GSM-7")
             or is_gsm7(text) != (not count.non_gsm)]
    assert wrong == [], ", ".join(wrong[:10])


def test_the_grapheme_table_is_grapheme_splitters():
    """Every code point's break property, read from grapheme-splitter's own source in
    tests/node/node_modules, equals ours."""
    sms_counter.counts(["a"])  # fails with how to install when the calculator is missing
    source = (sms_counter.NODE_DIR / "node_modules" / "grapheme-splitter" / "index.js")
    body = source.read_text(encoding="utf-8").split("function getGraphemeBreakProperty")[1]
    expected = bytearray([encoding._OTHER]) * 0x110000
    blocks = re.findall(r"if\(\s*(.*?)\)\{\s*return (\w+);", body, re.S)
    names = {**encoding._NAMES, "LV": encoding._LV, "LVT": encoding._LVT}
    assert {name for _, name in blocks} == set(names)
    for condition, name in blocks:
        for low, high, single in re.findall(
                r"\(0x([0-9A-F]+) <= code && code <= 0x([0-9A-F]+)\)|0x([0-9A-F]+) == code",
                condition):
            first, last = int(low or single, 16), int(high or single, 16)
            expected[first:last + 1] = bytes([names[name]]) * (last + 1 - first)
    actual = bytearray(encoding._property(chr(code)) for code in range(0x110000))
    differ = [f"U+{code:04X}" for code in range(0x110000) if actual[code] != expected[code]]
    assert differ == [], ", ".join(differ[:20])


def test_the_calculator_is_the_pinned_version():
    lock = Path(sms_counter.NODE_DIR / "package-lock.json").read_text(encoding="utf-8")
    assert '"node_modules/sms-segments-calculator": {\n      "version": "1.3.0"' in lock
    assert '"sms-segments-calculator": "1.3.0"' in (
        sms_counter.NODE_DIR / "package.json").read_text(encoding="utf-8")
