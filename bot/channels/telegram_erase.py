"""`/delete` on Telegram (SAFETY 4): removes the bot's messages from the chat, so a phone
that is checked shows nothing, and deletes the text we kept of the conversation."""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from telegram.error import TelegramError

from bot.channels.telegram_runtime import TelegramRuntime
from bot.contacts import find_contact
from bot.crypto import DataCipher
from bot.inbound import InboundMessage
from bot.models import Message

log = logging.getLogger(__name__)

COMMANDS = {"/delete", "/clear"}
BATCH = 100  # deleteMessages takes at most 100 ids


def is_erase_command(text: str) -> bool:
    word = text.strip().split(" ", 1)[0].split("@", 1)[0].casefold()
    return word in COMMANDS


def erase_chat(session: Session, cipher: DataCipher, runtime: TelegramRuntime | None,
               inbound: InboundMessage, command_message_id: int | None) -> None:
    contact = find_contact(session, cipher, "telegram", inbound.address)
    if contact is None:
        ids: list[int] = []
    else:
        try:
            with session.begin_nested():  # recorded like any message, so repeats do nothing
                session.add(Message(contact_id=contact.id, direction="in", channel="telegram",
                                    external_id=inbound.external_id, body=None,
                                    status="processed"))
        except IntegrityError:
            return
        ids = [int(external_id.rpartition(":")[2]) for external_id in session.scalars(
            select(Message.external_id).where(
                Message.contact_id == contact.id, Message.direction == "out",
                Message.external_id.is_not(None)))]
        # A reply still waiting in the outbox is cancelled, not sent later with no text.
        session.execute(update(Message).where(
            Message.contact_id == contact.id, Message.direction == "out",
            Message.status == "queued").values(status="cancelled", due_at=None))
        session.execute(update(Message).where(Message.contact_id == contact.id)
                        .values(body=None, buttons=None))
        session.commit()
    if command_message_id is not None:
        ids.append(command_message_id)
    if runtime is None or not ids:
        return
    chat_id = int(inbound.address)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        try:
            runtime.run(lambda bot, chunk=chunk: bot.delete_messages(chat_id, chunk))
        except (TelegramError, TimeoutError) as exc:
            # Messages older than 48 hours cannot be deleted by a bot; the rest still go.
            log.info("deleting %d Telegram message(s) failed: %s", len(chunk),
                     type(exc).__name__)
