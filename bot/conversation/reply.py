"""What the conversation engine answers, before any channel renders it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    """One numbered choice. `token` is what its button sends back (`bot.buttons`)."""

    number: int
    label: str
    token: str


@dataclass
class Reply:
    """A translated text with its numbered options, in the contact's locale."""

    text: str
    locale: str
    options: list[Option] = field(default_factory=list)
    # False where the step waits for free text (an amount, a place): SMS then lists no
    # numbers, which would read as answers; Telegram still shows the buttons.
    numbered: bool = True
    # A line SMS shows before its numbered list ("Reply with a number:"): Telegram's buttons
    # need no such line.
    prompt: str | None = None
    # The label of a way back to the menu when no option is one: Telegram shows it as a
    # button (SMS users write MENU).
    menu: str | None = None
