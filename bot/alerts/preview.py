"""The alert network as the simulator's sandbox shows it (SAFETY 7-11): what `JOIN`, a
reporter's code or a migrant's request would do, written out for the staff member trying it,
and never done. Nothing here writes an alert, a notification, a reporter link or an outbox
row, and a join code is only looked at, never used up.

Who a sandboxed person "joined" as is kept by the caller (the simulator keeps it in the
browser's session), since the person is never linked to the reporter in the database.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts import reporters, texts
from bot.alerts.network import AlertNetwork
from bot.alerts.numbering import peek_alert_number
from bot.alerts.parse import Attempt, CodedMessage, parse_coded
from bot.conversation.reply import Reply
from bot.handlers import Handled
from bot.models import Alert, Contact, Reporter, utcnow
from bot.text import N_

JOINED = N_("Simulator: this code belongs to {pseudonym}. In the real service this phone "
            "would now be connected; here nothing changed and the code still works.")
WOULD_SEND = N_("Simulator: in the real service this goes now to {responder} ({channels}):")
LATER = N_("Simulator: if nobody takes it within {minutes} minutes, also to: {responders}.")
NOTHING_SENT = N_("Nothing was sent.")


def join(session: Session, network: AlertNetwork, contact: Contact, code: str,
         joined: MutableMapping[str, int]) -> Handled | None:
    """`JOIN <code>` in the sandbox: the code is looked at, not used up, and who it belongs
    to is remembered in `joined` (simulated contact → reporter), not in the database."""
    reporter = session.scalar(select(Reporter).where(
        Reporter.join_code_hash == reporters.join_hash(network.cipher, code),
        Reporter.active.is_(True)))
    if reporter is None:
        return None  # as in the real service: the ordinary answer
    joined[str(contact.id)] = reporter.id
    t = network.catalogs.gettext
    return Handled([_say(contact, t(contact.locale, JOINED, pseudonym=reporter.pseudonym))])


def coded(session: Session, network: AlertNetwork, contact: Contact, text: str,
          joined: MutableMapping[str, int]) -> Handled | None:
    """A code from a sandboxed reporter: the notifications it would send, shown."""
    reporter_id = joined.get(str(contact.id))
    reporter = session.get(Reporter, reporter_id) if reporter_id else None
    if reporter is None or not reporter.active:
        return None
    book = network.codebook
    parsed = parse_coded(text or "", set(book.codes), set(book.venues))
    if isinstance(parsed, Attempt):
        return Handled([_say(contact, network.catalogs.gettext(contact.locale,
                                                               texts.SEND_AGAIN))])
    if not isinstance(parsed, CodedMessage):
        return None
    code = book.codes[parsed.code]
    alert = Alert(kind="coded", code=code.code, duress=code.duress,
                  severity=book.top_severity if code.duress else code.severity,
                  venue=parsed.venue, count=parsed.count, note=parsed.note,
                  reporter_id=reporter.id, number=peek_alert_number(session),
                  created_at=utcnow())
    lines = notices(session, network, alert, contact.locale)
    ack = book.ack_reply.format(number=alert.number)
    return Handled([*(_say(contact, line) for line in lines),
                    Reply(text=ack, locale=contact.locale or reporter.locale)])


def migrant_notices(session: Session, network: AlertNetwork, contact: Contact,
                    now: datetime) -> list[str]:
    """What a migrant's "ask our partner to contact me" would send, NGO contacts only."""
    alert = Alert(kind="migrant", severity=network.codebook.top_severity,
                  contact_id=contact.id, number=peek_alert_number(session), created_at=now)
    return notices(session, network, alert, contact.locale)


def person_notices(session: Session, network: AlertNetwork, contact: Contact, now: datetime,
                   take_within: timedelta) -> list[str]:
    """What a request to talk to a person would send: to whoever is on duty at the NGO,
    then to one more NGO contact each time `take_within` passes untaken."""
    t = network.catalogs.gettext
    alert = Alert(kind="person", severity=list(network.codebook.severities)[-1],
                  contact_id=contact.id, number=peek_alert_number(session), created_at=now)
    first = network.step_responders(alert, 0, session=session, now=now)
    shown = [_would_send(session, network, alert, responder, contact.locale)
             for responder in first]
    later = [c for c in network.codebook.ngo_contacts() if c not in {r.id for r in first}]
    for step, responder in enumerate(later, start=1):
        shown.append(t(contact.locale, LATER,
                       minutes=int(step * take_within.total_seconds() // 60),
                       responders=responder))
    shown.append(t(contact.locale, NOTHING_SENT))
    return shown


def _would_send(session: Session, network: AlertNetwork, alert: Alert, responder,  # noqa: ANN001
                locale: str | None) -> str:
    channels = ", ".join(channel for channel, _ in responder.addresses)
    return "\n".join([network.catalogs.gettext(locale, WOULD_SEND, responder=responder.id,
                                                channels=channels),
                      network.describe(session, alert, responder)])


def notices(session: Session, network: AlertNetwork, alert: Alert,
            locale: str | None) -> list[str]:
    """Each first notification as its responder would read it, headed in the simulator
    user's language, then who the later steps would add, and that nothing was sent."""
    t = network.catalogs.gettext
    shown = []
    for responder in network.step_responders(alert, 0, session=session):
        shown.append(_would_send(session, network, alert, responder, locale))
    for step, escalation in enumerate(network.codebook.severities[alert.severity][1:], 1):
        later = ", ".join(r.id for r in network.step_responders(alert, step, session=session))
        if later:
            shown.append(t(locale, LATER, minutes=int(escalation.after.total_seconds() // 60),
                           responders=later))
    shown.append(t(locale, NOTHING_SENT))
    return shown


def _say(contact: Contact, text: str) -> Reply:
    return Reply(text=text, locale=contact.locale or "en")
