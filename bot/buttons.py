"""The data a button carries back when it is pressed, built and read in this one place.

A channel that shows buttons (Telegram) sends this text back as the press; the simulator and
the terminal chat do the same. Four kinds exist:

    o:<menu>:<n>   option n of the menu numbered <menu> (a stale menu's press is refused)
    lang:<code>    choose a language
    menu           back to the main menu
    ack:<n>        a responder takes alert n

Everything that makes buttons (the conversation engine, the alert network) calls the
builders below, and everything that reads a press calls `parse`, so the format cannot drift
between the two. Pure: no channel, web or database code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MENU = "menu"

# ASCII digits only: "²" is a digit to str.isdigit() but no number a button of ours sent.
# A menu id is written as str(int) writes it ("01" is not menu 1, as before); an option has
# at most 3 digits and an alert number at most 9 (a longer one would overflow the column).
_OPTION = re.compile(r"o:(0|[1-9][0-9]{0,17}):([0-9]{1,3})")
_LANGUAGE = re.compile(r"lang:(.+)", re.DOTALL)
_ACK = re.compile(r"ack:([0-9]{1,9})")


@dataclass(frozen=True)
class OptionPress:
    menu_id: int
    number: int


@dataclass(frozen=True)
class LanguagePress:
    code: str  # not checked here: the engine knows which languages exist


@dataclass(frozen=True)
class MenuPress:
    pass


@dataclass(frozen=True)
class AckPress:
    number: int


Press = OptionPress | LanguagePress | MenuPress | AckPress


def option(menu_id: int, number: int) -> str:
    return f"o:{menu_id}:{number}"


def language(code: str) -> str:
    return f"lang:{code}"


def acknowledge(alert_number: int) -> str:
    return f"ack:{alert_number}"


def parse(data: str | None) -> Press | None:
    """What a press means; None for data no button of ours carries (answered as if the
    person had pressed a menu that has gone)."""
    if not data:
        return None
    if data == MENU:
        return MenuPress()
    if match := _OPTION.fullmatch(data):
        return OptionPress(menu_id=int(match.group(1)), number=int(match.group(2)))
    if match := _LANGUAGE.fullmatch(data):
        return LanguagePress(code=match.group(1))
    if match := _ACK.fullmatch(data):
        return AckPress(number=int(match.group(1)))
    return None


def acknowledged(data: str | None) -> int | None:
    """The alert number of an `ack:` press, else None."""
    press = parse(data)
    return press.number if isinstance(press, AckPress) else None
