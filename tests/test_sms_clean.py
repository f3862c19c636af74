"""Clean output: `clean` leaves nothing for Twilio's Smart Encoding to replace or strip
in a text that can travel as GSM-7, no invisible characters or odd spaces anywhere, and
never touches the letters and marks of Khmer, Lao, Burmese, Thai or Vietnamese.

The Smart Encoding map is the one in Twilio's calculator (tests/sms_counter.py runs it)."""

from __future__ import annotations

import unicodedata

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import PROJECT_ROOT
from bot.sms.clean import ALWAYS_REPLACED, LOOK_ALIKES, clean
from bot.sms.encoding import GSM_BASIC, GSM_EXTENSION, is_gsm7, sms_info
from tests import sms_counter

NBSP, ZWSP, SHY, WJ, BOM, ZWNJ = "\u00a0", "\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c"


@pytest.mark.parametrize(("text", "expected"), [
    # English: look-alikes become GSM-7, and the text travels as GSM-7.
    ("Don’t pay – call 1506…", "Don't pay - call 1506..."),
    ("“Safe work” — «advice»", '"Safe work" - "advice"'),
    (f"Keep{NBSP}your{ZWSP} pass{SHY}port{WJ}.{BOM}", "Keep your passport."),
    ("Menu\r\n1 Help\r2 Wages\tnow", "Menu\n1 Help\n2 Wages now"),
    ("Line\u2028next", "Line\nnext"),
    ("½ day • ¼ pay ‼", "1/2 day - 1/4 pay !!"),
    ("ＭＥＮＵ", "MENU"),
    (f"a{ZWNJ}b", "ab"),
    # Romanised Khmer and Vietnamese without diacritics: GSM-7 too.
    ("tov ‘thnaal’ – angkar", "tov 'thnaal' - angkar"),
    ("Viet Nam – “hop dong”", 'Viet Nam - "hop dong"'),
    # UCS-2 anyway: the punctuation may be meant and costs nothing, so it stays;
    # invisibles and odd spaces still go.
    (f"“ค่าจ้าง” – 400{NBSP}บาท…{ZWSP}", "“ค่าจ้าง” – 400 บาท…"),
    (f"ស្រ្តី{ZWSP}កម្ពុជា «ការងារ»", "ស្រ្តីកម្ពុជា «ការងារ»"),
    (f"ສະບາຍດີ{WJ} — ແຮງງານ", "ສະບາຍດີ — ແຮງງານ"),
    (f"မန္တလေး{SHY}မြို့ “အလုပ်”", "မန္တလေးမြို့ “အလုပ်”"),
    ("Việt Nam – “hợp đồng”", "Việt Nam – “hợp đồng”"),
    (f"ស{ZWNJ}ី", f"ស{ZWNJ}ី"),  # a joiner control in Khmer is left to the writer
    # Vietnamese is composed (NFC); a combining circumflex or tilde never becomes ^ or ~.
    (unicodedata.normalize("NFD", "Người lao động ở Việt Nam"), "Người lao động ở Việt Nam"),
    ("x\u0302 q\u0303", "x\u0302 q\u0303"),  # no precomposed letter: the accent stays
    # Emoji sequences are not invisible characters.
    ("👩\u200d👩\u200d👧 ok 👍🏽", "👩\u200d👩\u200d👧 ok 👍🏽"),
    # GSM-7 only when it is no dearer: 60 ellipses are one UCS-2 segment, 180 septets two.
    ("…" * 60, "…" * 60),
    ("…" * 10, "..." * 10),
])
def test_clean(text, expected):
    assert clean(text) == expected


def test_nfc_texts_in_every_script_are_left_exactly_as_they_are():
    for text in ("ស្រ្តីកម្ពុជាធ្វើការនៅប្រទេសថៃ។", "ສະບາຍດີ ແຮງງານລາວ", "မင်္ဂလာပါ ဦး",
                 "แรงงานข้ามชาติ ค่าจ้างขั้นต่ำ", "Người lao động di cư cần biết quyền",
                 "Send MENU for topics, LANGUAGE to change language, STOP to stop."):
        assert unicodedata.is_normalized("NFC", text)
        assert clean(text) == text


# --- properties -------------------------------------------------------------------------

SCRIPT_RANGES = ((0x1780, 0x17FF), (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x0E00, 0x0E7F))
_POOL = [*"ស្រ្តីកម្ពុជា", "\u17d2", *"ສະບາຍດີ", *"မန္တလေး", "\u1039", "\u1025\u102e",
         *"ไทยค่าจ้าง", *"ngườiviệtđồng", "e\u0323\u0302", "o\u031b\u0303", "\u0302", "\u0303",
         *GSM_BASIC[::3], *GSM_EXTENSION, "\r", "\r\n", "\x1b", *sorted(ALWAYS_REPLACED),
         *sorted(LOOK_ALIKES), "😀", "👍🏽", "\u200d"]
texts = st.one_of(st.lists(st.sampled_from(_POOL), max_size=120).map("".join),
                  st.text(max_size=200))


def _units(text: str) -> int:
    return sms_info(text).units


@settings(max_examples=600, database=None, deadline=None)
@given(texts)
def test_clean_is_idempotent_nfc_and_never_dearer(text):
    out = clean(text)
    assert clean(out) == out
    assert unicodedata.is_normalized("NFC", out)
    assert not set(out) & ALWAYS_REPLACED
    nfc = unicodedata.normalize("NFC", text)
    assert sms_info(out).segments <= sms_info(nfc).segments
    if sms_info(out).encoding == sms_info(nfc).encoding:
        assert _units(out) <= _units(nfc)  # only deletions and one-for-one replacements


_TO_TARGETS = {ord(char): target for char, target in LOOK_ALIKES.items()}


def _letters(text: str) -> list[str]:
    """Letters and marks (decomposed), with look-alikes read as what they look like."""
    decomposed = unicodedata.normalize("NFD", text).translate(_TO_TARGETS)
    letters = "".join(char for char in decomposed if unicodedata.category(char)[0] in "LM")
    # Marks that came together once a character between them went take canonical order.
    return list(unicodedata.normalize("NFD", letters))


@settings(max_examples=600, database=None, deadline=None)
@given(texts)
def test_clean_never_touches_a_letter_or_mark(text):
    assert _letters(clean(text)) == _letters(text)
    mekong = [c for c in _letters(text) if any(lo <= ord(c) <= hi for lo, hi in SCRIPT_RANGES)]
    assert [c for c in _letters(clean(text)) if c in mekong] == mekong


@settings(max_examples=300, database=None, deadline=None)
@given(st.text(alphabet=GSM_BASIC.replace("\r", "") + GSM_EXTENSION.replace("\f", ""),
               max_size=400))
def test_a_gsm_text_is_left_alone(text):
    assert clean(text) == text


@pytest.fixture(scope="module")
def smart_map() -> dict[str, str]:
    return sms_counter.smart_encoding_map()


def test_our_look_alikes_are_smart_encodings(smart_map):
    """Each character Smart Encoding replaces, clean replaces always (spaces, invisibles,
    controls), or as Smart Encoding does (look-alikes), or keeps on purpose (combining
    marks: letters' accents)."""
    assert len(smart_map) > 250
    differ = [f"U+{ord(char):04X}" for char, target in smart_map.items()
              if char not in ALWAYS_REPLACED and LOOK_ALIKES.get(char) != target
              and unicodedata.category(char)[0] != "M"]
    assert differ == []
    assert all(is_gsm7(target) for target in LOOK_ALIKES.values())
    assert not any(is_gsm7(char) for char in LOOK_ALIKES)


@settings(max_examples=600, database=None, deadline=None)
@given(texts)
def test_a_gsm_eligible_output_holds_nothing_smart_encoding_would_replace(smart_map, text):
    out = clean(text)
    smart = "".join(smart_map.get(char, char) for char in out)  # as the calculator applies it
    eligible = (is_gsm7(smart) and sms_info(smart).segments <= sms_info(out).segments
                and not any(unicodedata.category(char)[0] == "M" for char in out))
    if eligible:
        assert not set(out) & smart_map.keys(), repr(out)
        assert is_gsm7(out)


def _catalog_strings() -> list[tuple[str, str]]:
    strings = []
    for path in sorted((PROJECT_ROOT / "locales").glob("*/LC_MESSAGES/messages.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                parts = message.string if isinstance(message.string, tuple) else [message.string]
                strings += [(path.parts[-3], part) for part in parts if message.id and part]
    return strings


def test_every_catalog_text_comes_out_clean():
    strings = _catalog_strings()
    assert {language for language, _ in strings} >= {"en", "km", "km_Latn", "lo", "my", "th",
                                                     "vi"}
    cleaned = [clean(text) for _, text in strings]
    wrong = []
    for (language, _), out, count in zip(strings, cleaned, sms_counter.smart_counts(cleaned),
                                            strict=True):
        if set(out) & ALWAYS_REPLACED or (count.smart.encoding == "GSM-7" and count.text != out):
            wrong.append(f"{language}: {out[:50]!r}")
        if language in ("en", "km_Latn") and count.plain.encoding != "GSM-7":
            wrong.append(f"{language} not GSM-7: {out[:50]!r}")
    assert wrong == [], "\n".join(wrong[:10])
