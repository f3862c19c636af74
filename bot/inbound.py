"""The path of one inbound message, whatever channel it came by (DESIGN.md, "The path").

contact → dedupe on the provider's id → the handlers, in order (`bot.handlers`: the alert
network's, then the conversation engine) → rendered replies stored (with the inbound
message, in one transaction) → the channel answers or sends them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.channels.render import RenderedMessage
from bot.contacts import get_or_create_contact
from bot.conversation.reply import Reply
from bot.crypto import DataCipher
from bot.handlers import Handler, Turn
from bot.logmask import mask_address
from bot.models import Contact, Message, utcnow

log = logging.getLogger(__name__)

# Longer bodies are kept cut: nobody writes a 5,000-character SMS on purpose.
MAX_STORED_BODY = 2000


@dataclass(frozen=True)
class InboundMessage:
    channel: str  # "sms" | "telegram"
    address: str  # phone number, chat id, or "sim:..." for the simulator
    text: str
    external_id: str | None  # MessageSid, update_id, or None when the provider has none
    callback: str | None = None  # Telegram button data

    def __post_init__(self) -> None:
        # NUL has no meaning in a message, and PostgreSQL text cannot hold it.
        object.__setattr__(self, "text", (self.text or "").replace("\x00", ""))
        if self.callback is not None:
            object.__setattr__(self, "callback", self.callback.replace("\x00", ""))


@dataclass
class Outcome:
    duplicate: bool
    contact: Contact | None
    replies: list[Message] = field(default_factory=list)
    # Outbox messages the channel sends right after answering (alert notifications).
    deliver_now: list[int] = field(default_factory=list)


Renderer = Callable[[Reply], list[RenderedMessage]]


def receive(
    session: Session,
    cipher: DataCipher,
    inbound: InboundMessage,
    render: Renderer,
    reply_status: str,
    handlers: Sequence[Handler],
    sandbox: MutableMapping[str, int] | None = None,
) -> Outcome:
    """Store the message, let the first handler that takes it answer, store the replies;
    commit once.

    `reply_status` is how the replies leave: "answered" when they go back in the webhook
    answer itself, "queued" when the outbox sends them, "simulated" for the simulator.
    With `sandbox` (the production simulator's), handlers only show what they would do
    (`bot.alerts.preview`); `sandbox` remembers who a simulated person joined as.
    """
    contact = get_or_create_contact(session, cipher, inbound.channel, inbound.address)
    message = Message(contact_id=contact.id, direction="in", channel=inbound.channel,
                      external_id=inbound.external_id,
                      body=(inbound.callback or inbound.text)[:MAX_STORED_BODY],
                      status="received")
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        log.info("repeated %s message %s from %s: answered, not processed",
                 inbound.channel, inbound.external_id, mask_address(inbound.address))
        return _previous_outcome(session, inbound)

    turn = Turn(session=session, contact=contact, text=inbound.text,
                callback=inbound.callback, sandbox=sandbox)
    replies, deliver_now = [], []
    for handler in handlers:
        handled = handler(turn)
        if handled is not None:
            replies, deliver_now = handled.replies, handled.deliver_now
            break
    now = utcnow()
    for reply in replies:
        for part in render(reply):
            session.add(Message(contact_id=contact.id, direction="out", channel=inbound.channel,
                                reply_to_id=message.id, body=part.body, buttons=part.buttons,
                                encoding=part.encoding, segments=part.segments,
                                status=reply_status,
                                due_at=now if reply_status == "queued" else None))
    message.status = "processed"
    session.commit()
    stored = _replies_to(session, message.id)
    log.info("%s message from %s: %d repl%s", inbound.channel, mask_address(inbound.address),
             len(stored), "y" if len(stored) == 1 else "ies")
    return Outcome(duplicate=False, contact=contact, replies=stored, deliver_now=deliver_now)


def _previous_outcome(session: Session, inbound: InboundMessage) -> Outcome:
    original = session.scalar(
        select(Message).where(Message.channel == inbound.channel, Message.direction == "in",
                              Message.external_id == inbound.external_id)
    )
    if original is None:
        return Outcome(duplicate=True, contact=None)
    return Outcome(duplicate=True, contact=original.contact,
                   replies=_replies_to(session, original.id))


def _replies_to(session: Session, message_id: int) -> list[Message]:
    return list(session.scalars(
        select(Message).where(Message.reply_to_id == message_id).order_by(Message.id)
    ))
