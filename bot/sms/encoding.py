"""How an SMS travels: GSM 03.38 (GSM-7) or UCS-2, its length in that encoding and its
segments (FACTS.md §3), counted as Twilio counts them.

The count reproduces Twilio's own calculator (npm `sms-segments-calculator` 1.3.0,
TwilioDevEd/message-segment-calculator, `SegmentedMessage`; tests/test_sms_counter.py
checks the two agree). A segment holds 140 octets (1120 bits); once a text needs more than
one, each also carries a 6-octet header, leaving 153 septets or 67 UTF-16 units. The
calculator keeps every grapheme cluster and every GSM extension character (two septets)
whole inside one segment, so a long text can need more segments than ceil(units / 67) or
ceil(septets / 153). Its graphemes are those of the JS `grapheme-splitter` 1.0.4 (Unicode
10 rules, without GB9c: it breaks after a Khmer coeng or Myanmar virama), reproduced here
rather than taken from `regex`, whose newer rules join those stacks.

Khmer, Lao, Burmese, Thai and Vietnamese with diacritics are all UCS-2: 70 UTF-16 units in
one SMS, 67 per part of a longer one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

# Twilio's table (UnicodeToGSM.ts). ESC (0x1B) is not in it: it is the escape code itself,
# not a character a text can hold, so the calculator sends a text holding it as UCS-2.
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"
_GSM_BASIC_SET = frozenset(GSM_BASIC)
_GSM_EXTENSION_SET = frozenset(GSM_EXTENSION)
_GSM_SET = _GSM_BASIC_SET | _GSM_EXTENSION_SET

# 140 octets: 160 septets or 70 UTF-16 units; a part of a longer text gives 6 octets to a
# header, leaving 1072 bits: 153 septets or 67 units.
GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SmsInfo:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def is_gsm7(text: str) -> bool:
    return _GSM_SET.issuperset(text)


def sms_info(text: str) -> SmsInfo:
    """How a text travels: its encoding, length in that encoding, and number of segments."""
    if is_gsm7(text):
        units = len(text) + sum(text.count(char) for char in GSM_EXTENSION)
        if units <= GSM_SINGLE:
            return SmsInfo("GSM-7", units, 1)
        if units == len(text):  # one septet each: every septet is a place to cut
            return SmsInfo("GSM-7", units, -(-units // GSM_PART))
        ends = list(accumulate(2 if char in _GSM_EXTENSION_SET else 1 for char in text))
        return SmsInfo("GSM-7", units, _count_segments(_Listed(ends), GSM_SINGLE, GSM_PART))
    units = len(text.encode("utf-16-le")) // 2
    if units <= UCS2_SINGLE:
        return SmsInfo("UCS-2", units, 1)
    if _LOOKS_BACK.search(text):
        ends = grapheme_ends(text)
        if units != len(text):  # code points beyond the BMP take two UTF-16 units
            offsets = list(accumulate(2 if char > "\uffff" else 1 for char in text))
            ends = [offsets[end - 1] for end in ends]
        cuts: _Cuts = _Listed(ends)
    else:
        cuts = _Paired(text, units)
    return SmsInfo("UCS-2", units, _count_segments(cuts, UCS2_SINGLE, UCS2_PART))


class _Cuts(Protocol):
    """Where a text may be cut between segments: at the ends of its graphemes (in units)."""
    total: int

    def at_or_before(self, offset: int) -> int: ...  # the last end <= offset, else 0

    def after(self, offset: int) -> int: ...  # the first end > offset (offset < total)


def _count_segments(cuts: _Cuts, single: int, part: int) -> int:
    """Segments, as SegmentedMessage._buildSegments fills them. A segment takes graphemes
    while they fit; the next starts with the one that did not (even if that alone is too
    big). When the second opens, the first makes room for its header by handing its last
    graphemes on, and the second takes those and the one that did not fit unchecked."""
    if cuts.total <= single:
        return 1
    start = cuts.at_or_before(part)  # where the first segment ends, once it has a header
    forced = cuts.after(single)  # the end of the grapheme that did not fit the first
    count = 2
    while True:
        end = max(forced, cuts.at_or_before(start + part))
        if end >= cuts.total:
            return count
        count += 1
        start, forced = end, cuts.after(end)


class _Listed:
    """Cuts at listed grapheme ends."""

    def __init__(self, ends: list[int]):
        self.ends, self.total = ends, ends[-1]

    def at_or_before(self, offset: int) -> int:
        at = bisect_right(self.ends, offset)
        return self.ends[at - 1] if at else 0

    def after(self, offset: int) -> int:
        return self.ends[bisect_right(self.ends, offset)]


class _Paired:
    """Cuts in a text without Regional Indicators or emoji modifiers: there,
    grapheme-splitter breaks between two code points by their two properties alone, so
    only the few places a segment may end are looked at, not the whole text."""

    def __init__(self, text: str, units: int):
        self.text, self.total, self.size = text, units, len(text)
        # Unit offset of each code point, when some take two units.
        self.offsets = (None if units == self.size else
                        [0, *accumulate(2 if char > "\uffff" else 1 for char in text)])

    def _cut(self, index: int) -> bool:
        if index <= 0 or index >= self.size:
            return True
        return _CUTS[_property(self.text[index - 1]) * _KINDS + _property(self.text[index])]

    def at_or_before(self, offset: int) -> int:
        index = offset if self.offsets is None else bisect_right(self.offsets, offset) - 1
        index = min(index, self.size)
        while not self._cut(index):
            index -= 1
        return index if self.offsets is None else self.offsets[index]

    def after(self, offset: int) -> int:
        index = offset + 1 if self.offsets is None else bisect_right(self.offsets, offset)
        while not self._cut(index):
            index += 1
        return index if self.offsets is None else self.offsets[index]


def graphemes(text: str) -> list[str]:
    """The grapheme clusters Twilio's calculator keeps whole (grapheme-splitter 1.0.4, then
    a CR LF pair split in two, as its splitGraphemes does)."""
    clusters, start = [], 0
    for end in grapheme_ends(text):
        clusters.append(text[start:end])
        start = end
    return clusters


def grapheme_ends(text: str) -> list[int]:
    """Where each of those clusters ends (code point offsets): grapheme-splitter's
    nextBreak from each cluster's start."""
    props = [_property(char) for char in text]
    ends: list[int] = []
    count = len(props)
    index = 0
    while index < count:
        first = props[index]
        rest: list[int] = []
        special = first in _SPECIAL  # rules that look back over the whole cluster apply
        end = index + 1
        while end < count:
            following = props[end]
            if special or following in _SPECIAL:
                special = True
                if _should_break(first, rest, following):
                    break
            elif _CUTS[(rest[-1] if rest else first) * _KINDS + following]:
                break
            rest.append(following)
            end += 1
        ends.append(end)
        index = end
    return ends


# --- grapheme-splitter 1.0.4, ported --------------------------------------------------

# Its Grapheme_Cluster_Break values, numbered as it numbers them.
(_CR, _LF, _CONTROL, _EXTEND, _RI, _SPACING_MARK, _L, _V, _T, _LV, _LVT, _OTHER, _PREPEND,
 _E_BASE, _E_MODIFIER, _ZWJ, _GLUE_AFTER_ZWJ, _E_BASE_GAZ) = range(18)
_KINDS = 18
# Rules that look back over the whole cluster so far, not just at the last character.
_SPECIAL = frozenset({_E_MODIFIER, _RI})


def _should_break(start: int, mid: list[int], end: int) -> bool:
    """grapheme-splitter's shouldBreak, rule for rule, quirks included (it is what Twilio's
    calculator runs): may a cluster that began with `start`, went on with `mid`, take `end`?"""
    seen = [start, *mid, end]
    previous = seen[-2]
    if _E_MODIFIER in seen:  # its lookahead for GB10
        at = len(seen) - 1 - seen[::-1].index(_E_MODIFIER)
        if (at > 1 and all(kind == _EXTEND for kind in seen[1:at])
                and start not in (_EXTEND, _E_BASE, _E_BASE_GAZ)):
            return True
    if _RI in seen:  # its lookahead for GB12 and GB13
        at = len(seen) - 1 - seen[::-1].index(_RI)
        if (at > 0 and all(kind == _RI for kind in seen[1:at])
                and previous not in (_PREPEND, _RI)):
            return True
    if previous == _CR and end == _LF:  # GB3
        return False
    if previous in (_CONTROL, _CR, _LF) or end in (_CONTROL, _CR, _LF):  # GB4, GB5
        return True
    if previous == _L and end in (_L, _V, _LV, _LVT):  # GB6
        return False
    if previous in (_LV, _V) and end in (_V, _T):  # GB7
        return False
    if previous in (_LVT, _T) and end == _T:  # GB8
        return False
    if end in (_EXTEND, _ZWJ, _SPACING_MARK) or previous == _PREPEND:  # GB9, GB9a, GB9b
        return False
    # GB10, as it reads it: the last Extend's predecessor (JS seen[-1] is undefined).
    before = (len(seen) - 2 - seen[::-1].index(_EXTEND)) if _EXTEND in seen else len(seen) - 2
    if (before >= 0 and seen[before] in (_E_BASE, _E_BASE_GAZ) and end == _E_MODIFIER
            and all(kind == _EXTEND for kind in seen[before + 1:-1])):
        return False
    if previous == _ZWJ and end in (_GLUE_AFTER_ZWJ, _E_BASE_GAZ):  # GB11
        return False
    if _RI in mid:  # GB12, GB13
        return True
    return not (previous == _RI and end == _RI)


# Without E_Modifier or RI in sight only the last character matters: a table is enough.
# CR LF is one cluster to grapheme-splitter but two graphemes to the calculator.
_CUTS = [(previous, end) == (_CR, _LF) or _should_break(previous, [], end)
         for previous in range(_KINDS) for end in range(_KINDS)]
# The code points that are E_Modifier or Regional_Indicator (see _RANGES).
_LOOKS_BACK = re.compile("[\U0001F1E6-\U0001F1FF\U0001F3FB-\U0001F3FF]")

# grapheme-splitter's getGraphemeBreakProperty (Unicode 10.0 GraphemeBreakProperty.txt), as
# code point ranges in hex; Hangul syllables are computed (LV every 28th from U+AC00).
_RANGES = {
    "CR": "D",
    "LF": "A",
    "Control": (
        "0-9 B-C E-1F 7F-9F AD 61C 180E 200B 200E-200F 2028-202E 2060-206F D800-DFFF FEFF "
        "FFF0-FFFB 1BCA0-1BCA3 1D173-1D17A E0000-E001F E0080-E00FF E01F0-E0FFF"
    ),
    "Extend": (
        "300-36F 483-489 591-5BD 5BF 5C1-5C2 5C4-5C5 5C7 610-61A 64B-65F 670 6D6-6DC 6DF-6E4 "
        "6E7-6E8 6EA-6ED 711 730-74A 7A6-7B0 7EB-7F3 816-819 81B-823 825-827 829-82D 859-85B "
        "8D4-8E1 8E3-902 93A 93C 941-948 94D 951-957 962-963 981 9BC 9BE 9C1-9C4 9CD 9D7 9E2-9E3 "
        "A01-A02 A3C A41-A42 A47-A48 A4B-A4D A51 A70-A71 A75 A81-A82 ABC AC1-AC5 AC7-AC8 ACD "
        "AE2-AE3 AFA-AFF B01 B3C B3E-B3F B41-B44 B4D B56-B57 B62-B63 B82 BBE BC0 BCD BD7 C00 "
        "C3E-C40 C46-C48 C4A-C4D C55-C56 C62-C63 C81 CBC CBF CC2 CC6 CCC-CCD CD5-CD6 CE2-CE3 "
        "D00-D01 D3B-D3C D3E D41-D44 D4D D57 D62-D63 DCA DCF DD2-DD4 DD6 DDF E31 E34-E3A E47-E4E "
        "EB1 EB4-EB9 EBB-EBC EC8-ECD F18-F19 F35 F37 F39 F71-F7E F80-F84 F86-F87 F8D-F97 F99-FBC "
        "FC6 102D-1030 1032-1037 1039-103A 103D-103E 1058-1059 105E-1060 1071-1074 1082 1085-1086 "
        "108D 109D 135D-135F 1712-1714 1732-1734 1752-1753 1772-1773 17B4-17B5 17B7-17BD 17C6 "
        "17C9-17D3 17DD 180B-180D 1885-1886 18A9 1920-1922 1927-1928 1932 1939-193B 1A17-1A18 "
        "1A1B 1A56 1A58-1A5E 1A60 1A62 1A65-1A6C 1A73-1A7C 1A7F 1AB0-1ABE 1B00-1B03 1B34 "
        "1B36-1B3A 1B3C 1B42 1B6B-1B73 1B80-1B81 1BA2-1BA5 1BA8-1BA9 1BAB-1BAD 1BE6 1BE8-1BE9 "
        "1BED 1BEF-1BF1 1C2C-1C33 1C36-1C37 1CD0-1CD2 1CD4-1CE0 1CE2-1CE8 1CED 1CF4 1CF8-1CF9 "
        "1DC0-1DF9 1DFB-1DFF 200C 20D0-20F0 2CEF-2CF1 2D7F 2DE0-2DFF 302A-302F 3099-309A "
        "A66F-A672 A674-A67D A69E-A69F A6F0-A6F1 A802 A806 A80B A825-A826 A8C4-A8C5 A8E0-A8F1 "
        "A926-A92D A947-A951 A980-A982 A9B3 A9B6-A9B9 A9BC A9E5 AA29-AA2E AA31-AA32 AA35-AA36 "
        "AA43 AA4C AA7C AAB0 AAB2-AAB4 AAB7-AAB8 AABE-AABF AAC1 AAEC-AAED AAF6 ABE5 ABE8 ABED "
        "FB1E FE00-FE0F FE20-FE2F FF9E-FF9F 101FD 102E0 10376-1037A 10A01-10A03 10A05-10A06 "
        "10A0C-10A0F 10A38-10A3A 10A3F 10AE5-10AE6 11001 11038-11046 1107F-11081 110B3-110B6 "
        "110B9-110BA 11100-11102 11127-1112B 1112D-11134 11173 11180-11181 111B6-111BE "
        "111CA-111CC 1122F-11231 11234 11236-11237 1123E 112DF 112E3-112EA 11300-11301 1133C "
        "1133E 11340 11357 11366-1136C 11370-11374 11438-1143F 11442-11444 11446 114B0 "
        "114B3-114B8 114BA 114BD 114BF-114C0 114C2-114C3 115AF 115B2-115B5 115BC-115BD "
        "115BF-115C0 115DC-115DD 11633-1163A 1163D 1163F-11640 116AB 116AD 116B0-116B5 116B7 "
        "1171D-1171F 11722-11725 11727-1172B 11A01-11A06 11A09-11A0A 11A33-11A38 11A3B-11A3E "
        "11A47 11A51-11A56 11A59-11A5B 11A8A-11A96 11A98-11A99 11C30-11C36 11C38-11C3D 11C3F "
        "11C92-11CA7 11CAA-11CB0 11CB2-11CB3 11CB5-11CB6 11D31-11D36 11D3A 11D3C-11D3D "
        "11D3F-11D45 11D47 16AF0-16AF4 16B30-16B36 16F8F-16F92 1BC9D-1BC9E 1D165 1D167-1D169 "
        "1D16E-1D172 1D17B-1D182 1D185-1D18B 1D1AA-1D1AD 1D242-1D244 1DA00-1DA36 1DA3B-1DA6C "
        "1DA75 1DA84 1DA9B-1DA9F 1DAA1-1DAAF 1E000-1E006 1E008-1E018 1E01B-1E021 1E023-1E024 "
        "1E026-1E02A 1E8D0-1E8D6 1E944-1E94A E0020-E007F E0100-E01EF"
    ),
    "Regional_Indicator": "1F1E6-1F1FF",
    "SpacingMark": (
        "903 93B 93E-940 949-94C 94E-94F 982-983 9BF-9C0 9C7-9C8 9CB-9CC A03 A3E-A40 A83 ABE-AC0 "
        "AC9 ACB-ACC B02-B03 B40 B47-B48 B4B-B4C BBF BC1-BC2 BC6-BC8 BCA-BCC C01-C03 C41-C44 "
        "C82-C83 CBE CC0-CC1 CC3-CC4 CC7-CC8 CCA-CCB D02-D03 D3F-D40 D46-D48 D4A-D4C D82-D83 "
        "DD0-DD1 DD8-DDE DF2-DF3 E33 EB3 F3E-F3F F7F 1031 103B-103C 1056-1057 1084 17B6 17BE-17C5 "
        "17C7-17C8 1923-1926 1929-192B 1930-1931 1933-1938 1A19-1A1A 1A55 1A57 1A6D-1A72 1B04 "
        "1B35 1B3B 1B3D-1B41 1B43-1B44 1B82 1BA1 1BA6-1BA7 1BAA 1BE7 1BEA-1BEC 1BEE 1BF2-1BF3 "
        "1C24-1C2B 1C34-1C35 1CE1 1CF2-1CF3 1CF7 A823-A824 A827 A880-A881 A8B4-A8C3 A952-A953 "
        "A983 A9B4-A9B5 A9BA-A9BB A9BD-A9C0 AA2F-AA30 AA33-AA34 AA4D AAEB AAEE-AAEF AAF5 "
        "ABE3-ABE4 ABE6-ABE7 ABE9-ABEA ABEC 11000 11002 11082 110B0-110B2 110B7-110B8 1112C 11182 "
        "111B3-111B5 111BF-111C0 1122C-1122E 11232-11233 11235 112E0-112E2 11302-11303 1133F "
        "11341-11344 11347-11348 1134B-1134D 11362-11363 11435-11437 11440-11441 11445 "
        "114B1-114B2 114B9 114BB-114BC 114BE 114C1 115B0-115B1 115B8-115BB 115BE 11630-11632 "
        "1163B-1163C 1163E 116AC 116AE-116AF 116B6 11720-11721 11726 11A07-11A08 11A39 "
        "11A57-11A58 11A97 11C2F 11C3E 11CA9 11CB1 11CB4 16F51-16F7E 1D166 1D16D"
    ),
    "L": "1100-115F A960-A97C",
    "V": "1160-11A7 D7B0-D7C6",
    "T": "11A8-11FF D7CB-D7FB",
    "Prepend": "600-605 6DD 70F 8E2 D4E 110BD 111C2-111C3 11A3A 11A86-11A89 11D46",
    "E_Base": (
        "261D 26F9 270A-270D 1F385 1F3C2-1F3C4 1F3C7 1F3CA-1F3CC 1F442-1F443 1F446-1F450 1F46E "
        "1F470-1F478 1F47C 1F481-1F483 1F485-1F487 1F4AA 1F574-1F575 1F57A 1F590 1F595-1F596 "
        "1F645-1F647 1F64B-1F64F 1F6A3 1F6B4-1F6B6 1F6C0 1F6CC 1F918-1F91C 1F91E-1F91F 1F926 "
        "1F930-1F939 1F93D-1F93E 1F9D1-1F9DD"
    ),
    "E_Modifier": "1F3FB-1F3FF",
    "ZWJ": "200D",
    "Glue_After_Zwj": (
        "2640 2642 2695-2696 2708 2764 1F308 1F33E 1F373 1F393 1F3A4 1F3A8 1F3EB 1F3ED 1F48B "
        "1F4BB-1F4BC 1F527 1F52C 1F5E8 1F680 1F692"
    ),
    "E_Base_GAZ": "1F466-1F469",
}
_NAMES = {"CR": _CR, "LF": _LF, "Control": _CONTROL, "Extend": _EXTEND,
          "Regional_Indicator": _RI, "SpacingMark": _SPACING_MARK, "L": _L, "V": _V, "T": _T,
          "Prepend": _PREPEND, "E_Base": _E_BASE, "E_Modifier": _E_MODIFIER, "ZWJ": _ZWJ,
          "Glue_After_Zwj": _GLUE_AFTER_ZWJ, "E_Base_GAZ": _E_BASE_GAZ}


def _load_ranges() -> tuple[bytearray, list[int], list[tuple[int, int]]]:
    bmp = bytearray([_OTHER]) * 0x10000
    bmp[0xAC00:0xD7A4] = bytes([_LVT]) * (0xD7A4 - 0xAC00)
    bmp[0xAC00:0xD7A4:28] = bytes([_LV]) * len(range(0xAC00, 0xD7A4, 28))
    astral: list[tuple[int, int, int]] = []
    for name, spans in _RANGES.items():
        for span in spans.split():
            low, _, high = span.partition("-")
            first, last = int(low, 16), int(high or low, 16)
            if last < 0x10000:
                bmp[first:last + 1] = bytes([_NAMES[name]]) * (last + 1 - first)
            else:
                astral.append((first, last, _NAMES[name]))
    astral.sort()
    return bmp, [first for first, _, _ in astral], [(last, kind) for _, last, kind in astral]


_BMP, _ASTRAL_STARTS, _ASTRAL = _load_ranges()


def _property(char: str) -> int:
    code = ord(char)
    if code < 0x10000:
        return _BMP[code]
    at = bisect_right(_ASTRAL_STARTS, code) - 1
    if at >= 0 and code <= _ASTRAL[at][0]:
        return _ASTRAL[at][1]
    return _OTHER
