"""What a message meets on its way in (DESIGN.md, "The path"): an ordered list of handlers.
Each area contributes its handlers (the alert network: responder commands, join codes,
reporters' codes); the conversation engine comes last and answers everything else. The
first handler that returns a `Handled` answers the message.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.conversation.actions import take_deliver_now
from bot.conversation.engine import Engine
from bot.conversation.reply import Reply
from bot.models import Contact


@dataclass
class Turn:
    """One inbound message, as handlers see it."""

    session: Session
    contact: Contact
    text: str
    callback: str | None  # button data, when a button was pressed
    # The production simulator's sandbox: handlers show what they would do instead of
    # doing it; the mapping remembers who a simulated person pretended to join as.
    sandbox: MutableMapping[str, int] | None = None


@dataclass
class Handled:
    replies: list[Reply]
    deliver_now: list[int] = field(default_factory=list)  # outbox ids to send at once


Handler = Callable[[Turn], Handled | None]


def conversation(engine: Engine) -> Handler:
    """The last handler: the conversation engine, which always answers (or stays silent
    after STOP, with no replies)."""

    def handle(turn: Turn) -> Handled:
        take_deliver_now(turn.session)  # nothing left from an earlier turn on this session
        replies = engine.handle(turn.session, turn.contact, turn.text, callback=turn.callback)
        return Handled(replies, take_deliver_now(turn.session))

    return handle
