"""Clean output: a text as it should leave for a phone, with nothing Twilio's Smart
Encoding would replace or strip (FACTS.md §3.4; its map is the calculator's
src/libs/SmartEncodingMap.ts, which tests/test_sms_clean.py checks this against).

- NFC always: Vietnamese then has no loose combining circumflex or tilde for Smart
  Encoding to turn into ^ or ~ (and NFC Vietnamese is left exactly as it is).
- Characters nobody means are always replaced: odd spaces (no-break, thin, ideographic,
  tab...) by a plain space, line and paragraph separators by a line break, CR LF by LF,
  and the invisible ones (zero-width space, soft hyphen, word joiner, BOM, direction marks,
  control characters) deleted.
- Look-alike punctuation (dashes, curly quotes, ellipsis, guillemets, fullwidth forms...)
  becomes its GSM-7 equivalent only when that makes or keeps the whole text GSM-7, at no
  more segments; in a text that is UCS-2 anyway (Thai, Khmer...) it may be meant, and it
  costs nothing there, so it stays.
- Letters and combining marks are never touched.
"""

from __future__ import annotations

import unicodedata

from bot.sms.encoding import is_gsm7, sms_info

# Never meant in a text message: deleted.
_INVISIBLE = ("\u00ad\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062"
              "\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
# Spaces other than U+0020 (Unicode category Zs) and the tab: one plain space each.
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
          "\u202f\u205f\u3000"
_LINE_BREAKS = "\u0085\u2028\u2029"

_ALWAYS: dict[int, str | None] = {
    **{code: None for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if code != 0x0A},
    **dict.fromkeys(map(ord, _INVISIBLE)),
    **{ord(char): " " for char in _SPACES},
    **{ord(char): "\n" for char in _LINE_BREAKS},
}

# Smart Encoding's look-alikes (all but the spaces, controls and invisibles above, and the
# combining marks it would turn into ^ ~ ' / _ |, which are letters' accents), plus three
# dashes it misses (non-breaking hyphen, figure dash, minus sign).
_LOOK_ALIKES_BY_TARGET = {
    '"': "\u00ab\u00bb\u201c\u201d\u02ba\u02ee\u201f\u201e\u275d\u275e\u301d\u301e",
    "'": ("\u2018\u2019\u02bb\u02c8\u02bc\u02bd\u02b9\u201b\u00b4\u02ca\u0060\u02cb\u275b"
          "\u275c\ufe10\ufe11"),
    "/": "\u00f7\u29f8\u2044\u2215",
    "1/4": "\u00bc",
    "1/2": "\u00bd",
    "3/4": "\u00be",
    "\\": "\u29f9\u29f5\ufe68",
    "_": "\u2017",
    "|": "\u2223\u23b8\u23b9\u23d0\u239c\u239f",
    "-": "\u23bc\u23bd\u2015\ufe63\u2010\u2043\u2014\u2013\u2022\u2011\u2012\u2212",
    "@": "\ufe6b",
    "$": "\ufe69",
    "!": "\u01c3\ufe15\ufe57",
    "#": "\ufe5f",
    "%": "\ufe6a",
    "&": "\ufe60",
    ",": "\u201a\ufe50\ufe51\uff64\u3001",
    "(": "\u2768\u276a\ufe59\u27ee\u2985",
    ")": "\u2769\u276b\ufe5a\u27ef\u2986",
    "*": ("\u204e\u2217\u229b\u2722\u2723\u2724\u2725\u2731\u2732\u2733\u273a\u273b\u273c"
          "\u273d\u2743\u2749\u274a\u274b\u29c6\ufe61"),
    "+": "\u02d6\ufe62",
    ".": "\u3002\ufe52\uff61",
    ":": "\u02d0\u02f8\u2982\ua789\ufe13",
    ";": "\u204f\ufe14\ufe54",
    "<": "\ufe64\u2039",
    "=": "\ua78a\ufe66",
    ">": "\ufe65\u203a",
    "?": "\ufe16\ufe56",
    "^": "\u02c6",
    "{": "\u2774\ufe5b",
    "}": "\u2775\ufe5c",
    "~": "\u02dc\u02f7\u223c",
    "!!": "\u203c",
    "...": "\u2026",
    "": "\u200c",  # zero-width non-joiner: meant in some scripts, never in a GSM-7 text
}
_SMALL_CAPITALS = ("ABCDEFGHIJKLMNOPRSTUVWYZ",
                   "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f"
                   "\u1d0d\u0274\u1d0f\u1d18\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22")

LOOK_ALIKES: dict[str, str] = {
    **{char: target for target, chars in _LOOK_ALIKES_BY_TARGET.items() for char in chars},
    **dict(zip(_SMALL_CAPITALS[1], _SMALL_CAPITALS[0], strict=True)),
    # Fullwidth ASCII (U+FF01-FF5E) is ASCII shifted by 0xFEE0; ` is not GSM-7, ' is.
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}, "\uff40": "'",
}
_LOOK_ALIKE_TABLE = {ord(char): target for char, target in LOOK_ALIKES.items()}
# The characters `clean` always replaces or deletes.
ALWAYS_REPLACED = frozenset(chr(code) for code in _ALWAYS) | {"\r"}


def clean(text: str) -> str:
    """`text` NFC, without invisible characters or odd spaces, and with look-alike
    punctuation in GSM-7 form when that lets it travel as GSM-7 (see the module)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    # Again: a deleted character may have stood between a letter and its mark.
    text = unicodedata.normalize("NFC", text.translate(_ALWAYS))
    gsm = unicodedata.normalize("NFC", text.translate(_LOOK_ALIKE_TABLE))
    if gsm != text and is_gsm7(gsm) and sms_info(gsm).segments <= sms_info(text).segments:
        return gsm
    return text
