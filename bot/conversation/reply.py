"""What the conversation engine answers, before any channel renders it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    """One numbered choice. `token` is what a Telegram button sends back."""

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
