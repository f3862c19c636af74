"""The alert network's handlers on the path of a message, before the conversation engine
(`bot.handlers`): responders acknowledge (`OK 12`, `ACK 12`, a button), close or answer;
anyone may `JOIN` with a code; enrolled reporters send codes. The operations return what
they did (`bot.alerts.outcomes.Acted`) or refuse with an exception; here both become text in
the sender's language. Everything else goes on to the engine."""

from __future__ import annotations

import re
from functools import partial

from bot import buttons
from bot.alerts import audit, preview, reporters, texts
from bot.alerts.network import AlertNetwork
from bot.alerts.outcomes import (
    AlreadyClosed,
    AlreadyTaken,
    BadOutcome,
    NotAllowed,
    UnknownAlert,
)
from bot.alerts.parse import Attempt, CodedMessage, parse_coded
from bot.conversation.reply import Reply
from bot.handlers import Handled, Handler, Turn
from bot.models import Contact, Reporter, utcnow
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


def handlers(network: AlertNetwork) -> list[Handler]:
    """The alert network's handlers, in the order they must see a message."""
    return [partial(responder_commands, network), partial(join_codes, network),
            partial(reporter_codes, network)]


def responder_commands(network: AlertNetwork, turn: Turn) -> Handled | None:
    responder = network.responder_of(turn.contact)
    if responder is None:
        return None
    lang = network.codebook.contacts[responder].lang
    t = network.catalogs.gettext
    text, callback = normalize_digits(turn.text or ""), turn.callback

    def say(message: str, **values: object) -> Handled:
        return Handled([Reply(text=t(lang, message, **values), locale=lang)])

    number = None
    if callback and (pressed := buttons.acknowledged(callback)) is not None:
        number = pressed
    elif callback is None and (match := ACK_RE.match(text)):
        number = int(match.group(1))
    try:
        if number is not None:
            acted = network.acknowledge(turn.session, number, responder)
            return Handled(say(texts.YOURS, number=number).replies, acted.told)
        if callback is None and (match := CLOSE_RE.match(text)):
            number, outcome = int(match.group(1)), match.group(2).lower()
            try:
                acted = network.close(turn.session, number, outcome,
                                      match.group(3).strip() or None, responder)
            except BadOutcome:
                return say(texts.BAD_OUTCOME, number=number, outcome=outcome[:30])
            return Handled(say(texts.CLOSED, number=number,
                               outcome=t(lang, texts.OUTCOMES[acted.alert.outcome])).replies,
                           acted.told)
        if callback is None and (match := REPLY_RE.match(text)):
            number = int(match.group(1))
            acted = network.answer_migrant(turn.session, number, match.group(2).strip(),
                                           responder)
            return Handled(say(texts.FORWARDED).replies, acted.told)
    except UnknownAlert:
        return say(texts.NO_SUCH, number=number)
    except AlreadyTaken as taken:
        return say(texts.ALREADY_TAKEN, number=number, who=taken.args[0])
    except NotAllowed:
        return say(texts.NOT_YOURS_TO_CLOSE, number=number)
    except AlreadyClosed as closed:
        return say(texts.ALREADY_CLOSED, number=number,
                   outcome=t(lang, texts.OUTCOMES.get(closed.args[0], "-")))
    if callback is None:
        for pattern, usage in USAGE_RES:
            if pattern.match(text):
                return say(usage)
    return None


def join_codes(network: AlertNetwork, turn: Turn) -> Handled | None:
    match = reporters.JOIN_RE.match(normalize_digits(turn.text or ""))
    if turn.callback is not None or match is None:
        return None
    if reporters.too_many_joins(turn.session, turn.contact, utcnow()):
        return None
    if turn.sandbox is not None:
        return preview.join(turn.session, network, turn.contact, match.group(1), turn.sandbox)
    reporter = reporters.join(turn.session, network.cipher, turn.contact, match.group(1))
    if reporter is None:
        return None  # a wrong code gets the ordinary answer: nothing tells codes exist
    audit.record(turn.session, None, reporter.pseudonym, "joined", channel=turn.contact.channel)
    return Handled([_reply(network, turn.contact, texts.JOINED)])


def reporter_codes(network: AlertNetwork, turn: Turn) -> Handled | None:
    if turn.callback is not None:
        return None
    if turn.sandbox is not None:
        return preview.coded(turn.session, network, turn.contact, turn.text, turn.sandbox)
    contact = turn.contact
    reporter = turn.session.get(Reporter, contact.reporter_id) if contact.reporter_id else None
    if reporter is None or not reporter.active:
        return None
    book = network.codebook
    parsed = parse_coded(turn.text or "", set(book.codes), set(book.venues))
    if isinstance(parsed, Attempt):
        return Handled([_reply(network, contact, texts.SEND_AGAIN)])
    if isinstance(parsed, CodedMessage):
        raised = network.raise_coded(turn.session, reporter, contact, parsed)
        ack = book.ack_reply.format(number=raised.alert.number)
        return Handled([Reply(text=ack, locale=contact.locale or reporter.locale)],
                       raised.message_ids)
    return None


def _reply(network: AlertNetwork, contact: Contact, message: str) -> Reply:
    return Reply(text=network.catalogs.gettext(contact.locale, message),
                 locale=contact.locale or "en")
