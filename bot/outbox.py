"""The one durable outbox: every message that is not the webhook's own answer leaves here.

Rows are `messages` with direction "out" and status "queued". Delivery claims a row
atomically (so two processes never send it twice), calls the channel's sender, and on a
failure puts it back with a later `due_at`. The clock process retries what is due.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.crypto import DataCipher
from bot.db import rowcount
from bot.logmask import mask_address
from bot.models import Contact, Message, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A row left "sending" this long belongs to a process that died mid-send.
STALE_SENDING = timedelta(minutes=5)


# A Retry-After longer than this is taken as this: a notification must not wait for hours.
MAX_RETRY_AFTER = 3600


class SendError(Exception):
    """A provider refused or failed. `permanent` errors are not retried."""

    def __init__(self, message: str, permanent: bool = False,
                 retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after  # seconds the provider asked us to wait (429)


class Sender(Protocol):
    # True when the provider numbers messages per chat (Telegram): ids are then stored as
    # "<contact id>:<provider id>" to stay unique without storing the chat id in clear.
    ids_per_chat: bool

    def send(self, address: str, body: str, buttons: list | None) -> str | None:
        """Send one message; return the provider's id for it."""

    def find_sent(self, address: str, body: str,
                  since: datetime) -> str | None | Literal[False]:
        """After a crash mid-send: the provider's id of this message if it went, None if it
        surely did not, False when the provider keeps no record to ask (Telegram)."""


class SimulatorSink:
    """Where messages go when no provider is configured or the contact is the simulator."""

    ids_per_chat = False

    def send(self, address: str, body: str, buttons: list | None) -> str | None:
        return None

    def find_sent(self, address: str, body: str,
                  since: datetime) -> str | None | Literal[False]:
        return None


class Outbox:
    def __init__(self, cipher: DataCipher):
        self.cipher = cipher
        self.senders: dict[str, Sender] = {}
        self.simulator = SimulatorSink()

    def register(self, channel: str, sender: Sender) -> None:
        self.senders[channel] = sender

    def enqueue(self, session: Session, contact: Contact, body: str,
                buttons: list | None = None, **fields: object) -> Message:
        message = Message(contact_id=contact.id, direction="out", channel=contact.channel,
                          body=body, buttons=buttons, status="queued", due_at=utcnow(),
                          **fields)
        session.add(message)
        return message

    def deliver(self, session: Session, message_ids: Iterable[int]) -> None:
        for message_id in message_ids:
            self._deliver_one(session, message_id)

    def deliver_due(self, session: Session, limit: int = 100) -> int:
        """Send what is due now; returns how many were attempted."""
        now = utcnow()
        self._recover_interrupted(session, now)
        due = list(session.scalars(
            select(Message.id)
            .where(Message.direction == "out", Message.status == "queued",
                   Message.due_at <= now)
            .order_by(Message.due_at, Message.id)
            .limit(limit)
        ))
        self.deliver(session, due)
        return len(due)

    def _recover_interrupted(self, session: Session, now: datetime) -> None:
        """Rows left in `sending` by a crash: sent once, not twice. The provider is asked
        whether the message went; where it keeps no record (Telegram) the row is marked
        `interrupted` rather than sent again (an unacknowledged alert escalates anyway)."""
        stale = list(session.scalars(select(Message).where(
            Message.status == "sending", Message.updated_at < now - STALE_SENDING)))
        for message in stale:
            started = message.updated_at  # the send began after this
            claimed = rowcount(session.execute(update(Message).where(
                Message.id == message.id, Message.status == "sending",
                Message.updated_at == started)
                .values(updated_at=now)))  # one clock recovers each row
            session.commit()
            if not claimed:
                continue
            address = self.cipher.decrypt(message.contact.address_enc)
            sender = self._sender_for(message.channel, address)
            try:
                found = sender.find_sent(address, message.body or "",
                                         started - timedelta(minutes=1))
            except SendError:
                found = None  # cannot ask now: sending again is the safer error
            if found is False:
                message.status, message.last_error = "interrupted", "may have been sent"
            elif found:
                message.status, message.external_id = "sent", found
            else:
                message.status, message.due_at = "queued", now
            session.commit()

    def _deliver_one(self, session: Session, message_id: int) -> None:
        claimed = rowcount(session.execute(
            update(Message)
            .where(Message.id == message_id, Message.status == "queued")
            .values(status="sending", attempts=Message.attempts + 1, updated_at=utcnow())
        ))
        session.commit()
        if not claimed:
            return  # another process has it, or it has already gone
        message = session.get(Message, message_id)
        session.refresh(message)
        contact = message.contact
        if contact.opted_out and message.reply_to_id is None:
            message.status, message.last_error = "failed", "contact opted out"
            session.commit()
            return
        address = self.cipher.decrypt(contact.address_enc)
        sender = self._sender_for(message.channel, address)
        body, buttons = message.body or "", message.buttons
        # End the transaction before calling the provider: on SQLite every transaction
        # holds the write lock, and a slow provider would stall every other webhook.
        session.commit()
        try:
            external_id = sender.send(address, body, buttons)
        except SendError as exc:
            self._failed(session, message, exc, address)
            return
        except Exception as exc:  # noqa: BLE001 - a provider bug must not lose the message
            self._failed(session, message, SendError(type(exc).__name__), address)
            log.exception("unexpected error sending message %s", message.id)
            return
        message.status = "simulated" if sender is self.simulator else "sent"
        if external_id is not None and sender.ids_per_chat:
            external_id = f"{message.contact_id}:{external_id}"
        message.external_id = external_id
        message.due_at = None
        message.last_error = None
        session.commit()

    def _sender_for(self, channel: str, address: str) -> Sender:
        if address.startswith("sim:"):
            return self.simulator
        return self.senders.get(channel, self.simulator)

    def _failed(self, session: Session, message: Message, exc: SendError, address: str) -> None:
        message.last_error = str(exc)[:200]
        if exc.permanent or message.attempts >= MAX_ATTEMPTS:
            message.status, message.due_at = "failed", None
        else:
            message.status = "queued"
            # 10 s, 20 s, 40 s ... capped at 10 minutes; never sooner than a 429 asked.
            delay = min(600, 10 * 2 ** (message.attempts - 1))
            if exc.retry_after:
                delay = max(delay, min(exc.retry_after, MAX_RETRY_AFTER))
            message.due_at = utcnow() + timedelta(seconds=delay)
        session.commit()
        log.warning("sending message %s to %s failed (attempt %d, %s): %s", message.id,
                    mask_address(address), message.attempts, message.status, exc)
