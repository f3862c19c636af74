"""Finding a contact by channel and address without ever storing the address in clear."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.crypto import DataCipher
from bot.models import Contact, ConversationState, utcnow


def find_contact(session: Session, cipher: DataCipher, channel: str, address: str
                 ) -> Contact | None:
    digest = cipher.lookup_hash(channel, address)
    return session.scalar(
        select(Contact).where(Contact.channel == channel, Contact.address_hash == digest)
    )


def get_or_create_contact(
    session: Session, cipher: DataCipher, channel: str, address: str, seen: bool = True
) -> Contact:
    """The contact for this address, created on first sight (safe under concurrent webhooks).
    `seen=False` when we only write to it: its row is then not touched, so a transaction
    telling other responders never waits on (or deadlocks with) their own messages."""
    contact = find_contact(session, cipher, channel, address)
    if contact is not None:
        if seen:
            contact.last_seen_at = utcnow()
        return contact
    contact = Contact(channel=channel, address_hash=cipher.lookup_hash(channel, address),
                      address_enc=cipher.encrypt(address))
    try:
        with session.begin_nested():
            session.add(contact)
            session.flush()
            # Created with the contact, so two first messages at once cannot both insert it.
            session.add(ConversationState(contact_id=contact.id, flow="main", step="menu",
                                          variables={}, menu_id=0, expires_at=None))
    except IntegrityError:
        # Another request created it between our look-up and insert.
        contact = find_contact(session, cipher, channel, address)
        if contact is None:
            raise
    return contact


def contact_address(cipher: DataCipher, contact: Contact) -> str:
    return cipher.decrypt(contact.address_enc)
