"""Steps whose text is computed (`action:` in a flow): the wage in force today, the
hotlines of the person's country, a request for a person. Handlers are registered by
name and get an ActionContext; the engine stays generic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.conversation.flows import OptionDef
from bot.models import Contact

if TYPE_CHECKING:  # the facts and settings actions read; bot.actions builds them
    from bot.actions import ActionServices


@dataclass
class ActionContext:
    session: Session
    contact: Contact
    variables: dict
    text: str  # the message that led here ("" after a menu choice or button)
    locale: str
    now: datetime  # UTC
    today: date  # in the service's time zone
    translate: Callable[..., str]
    services: ActionServices  # facts and settings

    def t(self, message: str, **values: object) -> str:
        return self.translate(self.locale, message, **values)


@dataclass
class ActionResult:
    lines: list[str] = field(default_factory=list)
    redirect: str | None = None  # go to this step instead (same flow, flow:step, @action)
    options: list[OptionDef] | None = None  # replaces the step's options when set


# Outbox ids an action queued that the channel sends right after answering (a notice to the
# team on duty), kept in the session's own `info` for the turn: the engine returns replies.
DELIVER_NOW = "deliver_now"


def deliver_now(session: Session, message_ids: list[int]) -> None:
    session.info.setdefault(DELIVER_NOW, []).extend(message_ids)


def take_deliver_now(session: Session) -> list[int]:
    return session.info.pop(DELIVER_NOW, [])


# A `hold` action may return None: the step no longer holds free text (the request it was
# for is over), and the engine reads it as usual.
Action = Callable[[ActionContext], ActionResult | None]
ACTIONS: dict[str, Action] = {}


def action(name: str) -> Callable[[Action], Action]:
    def register(function: Action) -> Action:
        ACTIONS[name] = function
        return function

    return register
