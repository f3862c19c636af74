"""Enrolling peer educators and watchdogs: by phone number at once, or with a one-time join
code sent as `JOIN <code>` over SMS or Telegram. Revoking stops their codes at once.
The commands (`flask --app app peers add|revoke`) are in `bot/cli/peers.py`."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.channels import registry
from bot.contacts import get_or_create_contact
from bot.crypto import DataCipher
from bot.models import Contact, Message, Reporter

PREFIX = {"peer_educator": "PE", "watchdog": "WD"}
# No 0/O or 1/I/L: codes are read out and typed on small keypads.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 31^10 ≈ 8e14 codes; at JOINS_PER_MINUTE per sender, guessing one takes forever.
CODE_LENGTH = 10
JOINS_PER_MINUTE = 3
JOIN_WORD = re.compile(r"^\s*JOIN\b", re.IGNORECASE)
# `JOIN <code>`: the whole message, any case.
JOIN_RE = re.compile(r"^\s*JOIN\s+([A-Za-z0-9]{4,12})\s*$", re.IGNORECASE)
PHONE_RE = re.compile(r"\+[1-9][0-9]{7,14}")  # E.164


class EnrolmentError(ValueError):
    """A reporter cannot be enrolled or revoked as asked; the message says why."""


class UnknownVenues(EnrolmentError):
    def __init__(self, venues: list[str]):
        super().__init__(f"unknown venues: {', '.join(venues)}")
        self.venues = venues


class NotAPhoneNumber(EnrolmentError):
    def __init__(self) -> None:
        super().__init__("a whole number in international form, + and 8 to 15 digits, "
                         "for example +85512345678")


class NoSuchReporter(EnrolmentError):
    def __init__(self, pseudonym: str):
        super().__init__(f"no reporter {pseudonym}")
        self.pseudonym = pseudonym


def venue_codes(text: str, known: Collection[str] | None) -> list[str]:
    """`K12, b03` as venue codes; UnknownVenues for any not in `known` (None: no codebook
    to check them against)."""
    codes = [v.strip().upper() for v in text.split(",") if v.strip()]
    unknown = [v for v in codes if known is not None and v not in known]
    if unknown:
        raise UnknownVenues(unknown)
    return codes


def phone_number(text: str) -> str:
    """`+855 12-345 678` as `+85512345678`; NotAPhoneNumber unless it is E.164."""
    phone = re.sub(r"[\s\-().]", "", text)
    if not PHONE_RE.fullmatch(phone):
        raise NotAPhoneNumber()
    return phone


def join_hash(cipher: DataCipher, code: str) -> str:
    return cipher.lookup_hash("join", code.strip().upper())


def enrol(session: Session, cipher: DataCipher, role: str, venues: list[str], locale: str,
          phone: str | None = None) -> tuple[Reporter, str]:
    """A new reporter with the next free pseudonym, and their one-time join code."""
    prefix = PREFIX[role]
    taken = set(session.scalars(select(Reporter.pseudonym)))
    number = next(n for n in range(1, 10_000) if f"{prefix}-{n:02d}" not in taken)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    reporter = Reporter(pseudonym=f"{prefix}-{number:02d}", role=role, venues=venues,
                        locale=locale, join_code_hash=join_hash(cipher, code))
    session.add(reporter)
    session.flush()
    if phone:
        # A bare phone number means the registry's phone channel (SMS).
        channel = registry.for_phone_numbers().name
        link(session, get_or_create_contact(session, cipher, channel, phone), reporter)
    return reporter, code


def link(session: Session, contact: Contact, reporter: Reporter) -> None:
    contact.reporter_id, contact.role = reporter.id, reporter.role
    contact.locale = contact.locale or reporter.locale
    session.flush()


def join(session: Session, cipher: DataCipher, contact: Contact, code: str) -> Reporter | None:
    """Link this phone or chat to the reporter whose code it is. The code is used up by one
    conditional update, so eight phones sending it at once enrol one. A reporter already
    enrolled on this channel (by `peers add PHONE`) is not enrolled again: a code printed
    for a phone-enrolled reporter adds a Telegram chat once, never a second phone."""
    linked_here = select(Contact.id).where(Contact.reporter_id == Reporter.id,
                                           Contact.channel == contact.channel).exists()
    reporter_id = session.execute(
        update(Reporter).where(Reporter.join_code_hash == join_hash(cipher, code),
                               Reporter.active.is_(True), ~linked_here)
        .values(join_code_hash=None).returning(Reporter.id)
        .execution_options(synchronize_session=False)).scalar_one_or_none()
    if reporter_id is None:
        return None
    reporter = session.get(Reporter, reporter_id)
    session.refresh(reporter)
    link(session, contact, reporter)
    return reporter


def too_many_joins(session: Session, contact: Contact, now: datetime) -> bool:
    """More than JOINS_PER_MINUTE attempts from one phone or chat in a minute: the rest
    are not even tried, and get the ordinary answer (guessing codes is hopeless)."""
    bodies = session.scalars(select(Message.body).where(
        Message.contact_id == contact.id, Message.direction == "in",
        Message.created_at > now - timedelta(minutes=1))).all()
    return sum(1 for body in bodies if body and JOIN_WORD.match(body)) > JOINS_PER_MINUTE


def revoke(session: Session, pseudonym: str) -> Reporter:
    """Stop a reporter's codes from working, at once (the caller commits)."""
    reporter = session.scalar(select(Reporter).where(Reporter.pseudonym == pseudonym))
    if reporter is None:
        raise NoSuchReporter(pseudonym)
    reporter.active, reporter.join_code_hash = False, None
    session.flush()
    return reporter
