"""The alert network's part of the path of a message, before the conversation engine:
responders acknowledge (`OK 12`, `ACK 12`, a button), close or answer; anyone may `JOIN`
with a code; enrolled reporters send codes. Everything else goes on to the engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts import audit, reporters, texts
from bot.alerts.network import AlertNetwork, AlreadyClosed, BadOutcome, NotAllowed, UnknownAlert
from bot.alerts.parse import Attempt, CodedMessage, parse_coded
from bot.conversation.reply import Reply
from bot.models import Alert, Contact, Reporter, utcnow
from bot.text.digits import normalize_digits

# Numbers of at most 9 digits: a longer one is no alert, and would overflow the column.
ACK_RE = re.compile(r"^\s*(?:OK|ACK)\s*#?\s*(\d{1,9})\s*$", re.IGNORECASE)
CLOSE_RE = re.compile(r"^\s*CLOSE\s+(\d{1,9})\s+(\w+)\s*(.*)$", re.IGNORECASE | re.DOTALL)
REPLY_RE = re.compile(r"^\s*REPLY\s+(\d{1,9})\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
# A responder's message that starts like a command but is not one: say how to write it.
USAGE_RES = ((re.compile(r"^\s*ACK\b", re.IGNORECASE), texts.ACK_USAGE),
             (re.compile(r"^\s*OK\s*#?\s*\d", re.IGNORECASE), texts.ACK_USAGE),
             (re.compile(r"^\s*CLOSE\b", re.IGNORECASE), texts.CLOSE_USAGE),
             (re.compile(r"^\s*REPLY\b", re.IGNORECASE), texts.REPLY_USAGE))
JOIN_RE = re.compile(r"^\s*JOIN\s+([A-Za-z0-9]{4,12})\s*$", re.IGNORECASE)


@dataclass
class Handled:
    replies: list[Reply]
    deliver_now: list[int] = field(default_factory=list)  # outbox ids to send at once


def handle(session: Session, network: AlertNetwork, contact: Contact, text: str,
           callback: str | None) -> Handled | None:
    responder = network.responder_of(contact)
    plain = normalize_digits(text or "")
    if responder:
        handled = _responder(session, network, contact, responder, plain, callback)
        if handled:
            return handled
    if callback is None and (match := JOIN_RE.match(plain)):
        if reporters.too_many_joins(session, contact, utcnow()):
            return None
        reporter = reporters.join(session, network.cipher, contact, match.group(1))
        if reporter is not None:
            audit.record(session, None, reporter.pseudonym, "joined", channel=contact.channel)
            return Handled([_reply(network, contact, texts.JOINED)])
        return None  # a wrong code gets the ordinary answer: nothing tells codes exist
    reporter = session.get(Reporter, contact.reporter_id) if contact.reporter_id else None
    if reporter is None or not reporter.active or callback is not None:
        return None
    book = network.codebook
    parsed = parse_coded(text or "", set(book.codes), set(book.venues))
    if isinstance(parsed, Attempt):
        return Handled([_reply(network, contact, texts.SEND_AGAIN)])
    if isinstance(parsed, CodedMessage):
        raised = network.raise_coded(session, reporter, contact, parsed)
        ack = book.ack_reply.format(number=raised.alert.number)
        return Handled([Reply(text=ack, locale=contact.locale or reporter.locale)],
                       raised.message_ids)
    return None


def _responder(session: Session, network: AlertNetwork, contact: Contact, responder: str,
               text: str, callback: str | None) -> Handled | None:
    lang = network.codebook.contacts[responder].lang
    t = network.catalogs.gettext
    number = None
    if callback and re.fullmatch(r"ack:[0-9]{1,9}", callback):
        number = int(callback[4:])
    elif callback is None and (match := ACK_RE.match(text)):
        number = int(match.group(1))
    if number is not None:
        reply, others = network.acknowledge(session, number, responder)
        return Handled([Reply(text=reply, locale=lang)], others)
    if callback is None and (match := CLOSE_RE.match(text)):
        number, outcome = int(match.group(1)), match.group(2).lower()
        try:
            alert, others = network.close(session, number, outcome,
                                          match.group(3).strip() or None, responder)
        except BadOutcome:
            return Handled([Reply(text=t(lang, texts.BAD_OUTCOME, number=number,
                                         outcome=outcome[:30]), locale=lang)])
        except UnknownAlert:
            return Handled([Reply(text=t(lang, texts.NO_SUCH, number=number), locale=lang)])
        except NotAllowed:
            return Handled([Reply(text=t(lang, texts.NOT_YOURS_TO_CLOSE, number=number),
                                  locale=lang)])
        except AlreadyClosed as closed:
            return Handled([Reply(text=t(lang, texts.ALREADY_CLOSED, number=number, outcome=t(
                lang, texts.OUTCOMES.get(closed.args[0], "-"))), locale=lang)])
        outcome_text = t(lang, texts.OUTCOMES[alert.outcome])
        return Handled([Reply(text=t(lang, texts.CLOSED, number=alert.number,
                                     outcome=outcome_text), locale=lang)], others)
    if callback is None and (match := REPLY_RE.match(text)):
        return _forward(session, network, contact, responder, int(match.group(1)),
                        match.group(2).strip())
    if callback is None:
        for pattern, usage in USAGE_RES:
            if pattern.match(text):
                return Handled([Reply(text=t(lang, usage), locale=lang)])
    return None


def _forward(session: Session, network: AlertNetwork, contact: Contact, responder: str,
             number: int, message: str) -> Handled:
    """An NGO responder answers a migrant who asked for help, through the service."""
    alert = session.scalar(select(Alert).where(Alert.number == number, Alert.kind == "migrant"))
    t, lang = network.catalogs.gettext, network.codebook.contacts[responder].lang
    if alert is None or network.codebook.is_police(responder) or alert.contact_id is None:
        return Handled([Reply(text=t(lang, texts.NO_SUCH, number=number), locale=lang)])
    migrant = session.get(Contact, alert.contact_id)
    body = t(migrant.locale, texts.FROM_PARTNER, text=message)
    queued = network.outbox.enqueue(session, migrant, body)
    session.flush()
    audit.record(session, alert.id, responder, "answered_migrant")
    return Handled([Reply(text=t(lang, texts.FORWARDED), locale=lang)], [queued.id])


def _reply(network: AlertNetwork, contact: Contact, message: str) -> Reply:
    return Reply(text=network.catalogs.gettext(contact.locale, message),
                 locale=contact.locale or "en")
