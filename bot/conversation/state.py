"""One message's conversation: the contact, its state row (flow, step, menu, expiry and
saved answers) and the time, as the engine works on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.models import Contact, ConversationState


@dataclass
class Conversation:
    """What the engine works on for one message: the contact and its state row."""

    session: Session
    contact: Contact
    state: ConversationState
    now: datetime
    text: str = ""  # the free text that led to the current step

    @property
    def active(self) -> bool:
        return self.state.expires_at is not None and self.state.expires_at > self.now

    @property
    def locale(self) -> str:
        return self.contact.locale or "en"
