"""Raising, routing, escalating, acknowledging and closing alerts.

An alert and all its first notifications are written in the transaction that stores the
reporter's message, before the reporter gets an answer (SAFETY 11); the notifications
leave through the outbox, which retries them. Later steps of the ladder are Escalation rows
with a due time that the clock picks up.

Three kinds of alert: "coded" (a reporter's code), "migrant" (a migrant in danger asked the
partner to contact them) and "person" (a migrant asked to talk to a person). The last two
reach NGO contacts only, never the police. A person request's ladder is not a severity's:
whoever is on duty at the NGO first (bot.alerts.on_call), then one more NGO contact each
time the request's deadline passes untaken.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import buttons
from bot.alerts import audit, on_call, texts
from bot.alerts.codebook import Codebook, ResponseContact
from bot.alerts.numbering import next_alert_number
from bot.alerts.outcomes import (
    Acted,
    AlreadyClosed,
    AlreadyTaken,
    BadOutcome,
    NotAllowed,
    Raised,
    UnknownAlert,
)
from bot.alerts.parse import CodedMessage
from bot.channels import registry
from bot.channels.render import RenderedMessage
from bot.contacts import contact_address, get_or_create_contact
from bot.conversation.reply import Option, Reply
from bot.crypto import DataCipher
from bot.db import rowcount
from bot.logmask import SMS_MASK, mask_address
from bot.models import Alert, Contact, Escalation, Message, Notification, Reporter, utcnow
from bot.outbox import Outbox
from bot.text import Catalogs
from bot.text.formats import babel_locale

REPEAT_WINDOW = timedelta(minutes=10)
# Alerts a migrant's own contact is behind: they reach NGO contacts only, and NGO staff
# answer them through the service.
MIGRANT_KINDS = ("migrant", "person")
OPEN_STATUSES = ("open", "acknowledged")


class AlertNetwork:
    def __init__(self, codebook: Codebook, cipher: DataCipher, outbox: Outbox,
                 catalogs: Catalogs, max_segments: int):
        self.codebook, self.cipher, self.outbox = codebook, cipher, outbox
        self.catalogs, self.max_segments = catalogs, max_segments
        self._responders = {}
        for responder in codebook.contacts.values():
            for channel, address in responder.addresses:
                self._responders[cipher.lookup_hash(channel, address)] = responder.id

    def responder_of(self, contact: Contact) -> str | None:
        """The alerts file's contact id when this phone or chat is in the response network."""
        return self._responders.get(contact.address_hash)

    # -- raising -----------------------------------------------------------------------

    def raise_coded(self, session: Session, reporter: Reporter, contact: Contact,
                    coded: CodedMessage, now: datetime | None = None) -> Raised:
        now = now or utcnow()
        recent = session.scalar(
            select(Alert).where(Alert.reporter_id == reporter.id, Alert.code == coded.code,
                                Alert.venue == coded.venue, Alert.status == "open",
                                Alert.created_at > now - REPEAT_WINDOW)
            .order_by(Alert.id.desc()).limit(1))
        if recent is not None:
            return Raised(recent, False, self._update(session, recent, reporter, coded))
        code = self.codebook.codes[coded.code]
        severity = self.codebook.top_severity if code.duress else code.severity
        alert = self._insert(session, Alert(
            kind="coded", code=code.code, severity=severity, duress=code.duress,
            venue=coded.venue, count=coded.count, note=coded.note, reporter_id=reporter.id,
            contact_id=contact.id, created_at=now))
        audit.record(session, alert.id, reporter.pseudonym, "received", code=code.code,
                     venue=coded.venue, count=coded.count, severity=severity)
        return Raised(alert, True, self._start_ladder(session, alert, now))

    def _update(self, session: Session, alert: Alert, reporter: Reporter,
                coded: CodedMessage) -> list[int]:
        """A repeat within the window is news: merged into the open alert, and sent to
        everyone already told of it, marked as an update (nothing when nothing changed)."""
        changed = coded.count is not None and coded.count != alert.count
        if coded.count is not None:
            alert.count = coded.count
        if coded.note:
            alert.note = f"{alert.note}\n{coded.note}" if alert.note else coded.note
            changed = True
        audit.record(session, alert.id, reporter.pseudonym, "updated", count=alert.count)
        if not changed:
            return []
        message_ids = []
        for responder_id in sorted(self._notified(session, alert)):
            responder = self.codebook.contacts.get(responder_id)
            if responder is None:
                continue
            text = "\n".join([self.catalogs.gettext(responder.lang, texts.UPDATED,
                                                    number=alert.number),
                              self.describe(session, alert, responder)])
            message_ids += [m.id for m in self._send_to(session, responder, alert, 0, text)]
        return message_ids

    def raise_for_migrant(self, session: Session, contact: Contact,
                          now: datetime | None = None) -> Raised:
        """A migrant in danger agreed to be contacted: NGO contacts only, never police."""
        now = now or utcnow()
        alert = self._insert(session, Alert(kind="migrant", severity=self.codebook.top_severity,
                                            contact_id=contact.id, created_at=now))
        audit.record(session, alert.id, "migrant", "received", kind="migrant")
        return Raised(alert, True, self._start_ladder(session, alert, now, ngo_only=True))

    def raise_for_person(self, session: Session, contact: Contact, take_within: timedelta,
                         now: datetime | None = None) -> Raised:
        """A migrant asked to talk to a person: their open request again, or a new one told
        at once to whoever is on duty at the NGO (never the police), and to one more NGO
        contact each time `take_within` passes with nobody taking it."""
        now = now or utcnow()
        existing = self.open_person_request(session, contact)
        if existing is not None:
            return Raised(existing, False, [])
        # Not urgent: the least severe severity of the file, so every view that looks a
        # severity up finds one; the ladder is the person ladder (step_responders).
        alert = self._insert(session, Alert(kind="person",
                                            severity=list(self.codebook.severities)[-1],
                                            contact_id=contact.id, created_at=now))
        audit.record(session, alert.id, "migrant", "received", kind="person",
                     channel=contact.channel)
        for step in range(1, len(self.codebook.ngo_contacts())):
            session.add(Escalation(alert_id=alert.id, step=step,
                                   due_at=now + step * take_within, status="pending"))
        return Raised(alert, True, self._notify_step(session, alert, 0, now=now))

    def open_person_request(self, session: Session, contact: Contact) -> Alert | None:
        """The contact's person request that is not closed yet, if any."""
        return session.scalar(select(Alert).where(
            Alert.kind == "person", Alert.contact_id == contact.id,
            Alert.status.in_(OPEN_STATUSES)).order_by(Alert.id.desc()).limit(1))

    def _insert(self, session: Session, alert: Alert) -> Alert:
        alert.number = next_alert_number(session)
        session.add(alert)
        session.flush()
        return alert

    def _start_ladder(self, session: Session, alert: Alert, now: datetime,
                      ngo_only: bool = False) -> list[int]:
        ladder = self.codebook.severities[alert.severity]
        for index, step in enumerate(ladder[1:], start=1):
            session.add(Escalation(alert_id=alert.id, step=index, due_at=now + step.after,
                                   status="pending"))
        return self._notify_step(session, alert, 0, ngo_only)

    # -- notifying ---------------------------------------------------------------------

    def _notify_step(self, session: Session, alert: Alert, step: int,
                     ngo_only: bool = False, now: datetime | None = None) -> list[int]:
        message_ids = []
        for responder in self.step_responders(alert, step, ngo_only, session=session, now=now):
            for message in self._send_to(session, responder, alert, step):
                session.add(Notification(alert_id=alert.id, step=step, responder=responder.id,
                                         message_id=message.id))
                message_ids.append(message.id)
            audit.record(session, alert.id, "clock" if step else "system", "notified",
                         responder=responder.id, step=step + 1)
        return message_ids

    def step_responders(self, alert: Alert, step: int, ngo_only: bool = False,
                        session: Session | None = None,
                        now: datetime | None = None) -> list[ResponseContact]:
        """Who step `step` of the alert's ladder tells, resolved now (`on_call:<org>` is
        whoever is on duty; with a session, staff's overrides count); never the police for
        a migrant or a person request."""
        now = now or utcnow()
        if alert.kind == "person":
            responders = self._person_step(session, alert, step, now)
        else:
            ladder = self.codebook.severities[alert.severity]
            responders = on_call.resolve(session, self.codebook, ladder[step].notify, now)
        if ngo_only or alert.kind in MIGRANT_KINDS:
            responders = [r for r in responders if not self.codebook.is_police(r.id)]
        return responders

    def _person_step(self, session: Session | None, alert: Alert, step: int,
                     now: datetime) -> list[ResponseContact]:
        """Step 0: whoever is on duty at the NGO organisations that have a rotation or an
        override now, else the first NGO contact of the file. Each later step: the next NGO
        contact (in the file's order) not told of the request yet."""
        ngo = self.codebook.ngo_contacts()
        if step == 0:
            on_duty: list[ResponseContact] = []
            for org in dict.fromkeys(self.codebook.contacts[c].org for c in ngo):
                duty = on_call.on_duty(session, self.codebook, org, now)
                if duty.case != on_call.NO_ROTATION:
                    on_duty += [c for c in duty.contacts if c not in on_duty]
            return on_duty or [self.codebook.contacts[c] for c in ngo[:1]]
        told = self._notified(session, alert) if session is not None else set()
        remaining = [c for c in ngo if c not in told]
        return [self.codebook.contacts[c] for c in remaining[:1]]

    def _send_to(self, session: Session, responder: ResponseContact, alert: Alert,
                 step: int, text: str | None = None) -> list[Message]:
        text = text or self.describe(session, alert, responder, step)
        return [message for channel, address in responder.addresses
                for message in self._enqueue_on(session, responder, alert, channel, address,
                                                text)]

    def send_on(self, session: Session, responder: ResponseContact, alert: Alert, step: int,
                channel: str, address: str) -> list[Message]:
        """The step's notification again, on one channel, recorded as a notification."""
        messages = self._enqueue_on(session, responder, alert, channel, address,
                                    self.describe(session, alert, responder, step))
        for message in messages:
            session.add(Notification(alert_id=alert.id, step=step, responder=responder.id,
                                     message_id=message.id))
        return messages

    def _enqueue_on(self, session: Session, responder: ResponseContact, alert: Alert,
                    channel: str, address: str, text: str) -> list[Message]:
        """`text` queued to one of the responder's channels, as that channel shows it."""
        contact = self.responder_contact(session, responder, channel, address)
        messages = []
        for part in self._render(channel, text, responder.lang, alert.number):
            message = self.outbox.enqueue(session, contact, part.body, part.buttons,
                                          encoding=part.encoding, segments=part.segments)
            session.flush()
            messages.append(message)
        return messages

    def responder_contact(self, session: Session, responder: ResponseContact, channel: str,
                           address: str) -> Contact:
        contact = get_or_create_contact(session, self.cipher, channel, address, seen=False)
        if (contact.role, contact.locale) != ("responder", responder.lang):
            contact.role, contact.locale = "responder", responder.lang
            session.flush()
        return contact

    def _render(self, channel: str, text: str, lang: str, number: int) -> list[RenderedMessage]:
        """The notification as the channel shows it: a reply whose one option takes the
        alert. It is not numbered, so SMS shows only the (paged) text, whose last line
        says to answer `OK <number>`; a channel with buttons shows a "take it" button."""
        take = Option(number=1, label=self.catalogs.gettext(lang, texts.TAKE_BUTTON),
                      token=buttons.acknowledge(number))
        notice = Reply(text=text, locale=lang, options=[take], numbered=False)
        return registry.render(channel, notice, self.max_segments)

    def describe(self, session: Session, alert: Alert, responder: ResponseContact,
                 step: int = 0) -> str:
        """The alert as a responder reads it. Police never see who reported it (SAFETY 8)."""
        lang, t = responder.lang, self.catalogs.gettext
        if alert.kind == "person":
            return self._describe_person(session, alert, lang, step)
        code = self.codebook.codes.get(alert.code or "")
        meaning = code.meaning_in(lang) if code else t(lang, texts.MIGRANT_IN_DANGER)
        urgent = alert.severity == self.codebook.top_severity
        lines = [t(lang, texts.URGENT_HEADING if urgent else texts.HEADING,
                   number=alert.number, meaning=meaning)]
        if step:
            minutes = int(self.codebook.severities[alert.severity][step].after.total_seconds()
                          // 60)
            lines.append(t(lang, texts.STILL_OPEN, minutes=minutes))
        if alert.venue:
            venue = self.codebook.venues.get(alert.venue)
            lines.append(t(lang, texts.PLACE, venue=alert.venue, name=venue.name if venue else "",
                           area=venue.area if venue else ""))
        if alert.count is not None:
            lines.append(t(lang, texts.COUNT, count=alert.count))
        local = alert.created_at.replace(tzinfo=UTC).astimezone(self.codebook.timezone)
        lines.append(t(lang, texts.TIME, time=local.strftime("%Y-%m-%d %H:%M")))
        if alert.note:
            lines.append(t(lang, texts.NOTE, note=alert.note))
        if alert.kind == "migrant":
            lines.append(t(lang, texts.MIGRANT, number=alert.number))
        elif not self.codebook.is_police(responder.id) and alert.reporter_id:
            reporter = session.get(Reporter, alert.reporter_id)
            lines.append(t(lang, texts.FROM, pseudonym=reporter.pseudonym))
        lines.append(t(lang, texts.HOW_TO_TAKE, number=alert.number))
        return "\n".join(lines)

    def _describe_person(self, session: Session, alert: Alert, lang: str, step: int) -> str:
        """A person request as NGO staff read it: its number, the person's language and
        channel and their masked number; never what they wrote."""
        t = self.catalogs.gettext
        lines = [t(lang, texts.PERSON_HEADING, number=alert.number)]
        if step:
            minutes = int((utcnow() - alert.created_at).total_seconds() // 60)
            lines.append(t(lang, texts.STILL_OPEN, minutes=minutes))
        migrant = session.get(Contact, alert.contact_id) if alert.contact_id else None
        if migrant is not None:
            lines.append(t(lang, texts.PERSON_WHO, language=language_name(migrant.locale, lang),
                           channel=registry.get(migrant.channel).label,
                           address=mask_address(contact_address(self.cipher, migrant), SMS_MASK)))
        lines.append(t(lang, texts.PERSON_HOW, number=alert.number))
        return "\n".join(lines)

    # -- escalating --------------------------------------------------------------------

    def escalate_due(self, session: Session, now: datetime | None = None) -> list[int]:
        """Notify every later step whose time has come on an alert nobody has taken."""
        message_ids: list[int] = []
        for escalation_id in self.due_escalations(session, now):
            message_ids += self.run_escalation(session, escalation_id)
        return message_ids

    def due_escalations(self, session: Session, now: datetime | None = None) -> list[int]:
        return list(session.scalars(select(Escalation.id).where(
            Escalation.status == "pending", Escalation.due_at <= (now or utcnow()))))

    def run_escalation(self, session: Session, escalation_id: int) -> list[int]:
        """Claim one due step (a conditional update: two clocks that both saw it due never
        both send it), then notify it unless the alert was taken meanwhile."""
        claimed = rowcount(session.execute(update(Escalation).where(
            Escalation.id == escalation_id, Escalation.status == "pending")
            .values(status="running")))
        session.commit()
        if not claimed:
            return []  # another clock has it
        escalation = session.get(Escalation, escalation_id)
        alert = session.get(Alert, escalation.alert_id)
        message_ids: list[int] = []
        if alert.status != "open":
            escalation.status = "cancelled"
        else:
            message_ids = self._notify_step(session, alert, escalation.step)
            if message_ids:  # (a person request's later step finds nobody left untold)
                audit.record(session, alert.id, "clock", "escalated", step=escalation.step + 1)
            escalation.status = "done"
        session.commit()
        return message_ids

    # -- acknowledging and closing -----------------------------------------------------

    def acknowledge(self, session: Session, number: int, responder_id: str,
                    now: datetime | None = None) -> Acted:
        """The responder takes the alert; the others notified are told by whom."""
        alert = session.scalar(select(Alert).where(Alert.number == number))
        if alert is None or responder_id not in self._notified(session, alert):
            # Only an alert a contact was told of exists for it (a migrant's never reaches
            # the police): the same answer as for a number that does not exist.
            raise UnknownAlert(number)
        return self.take(session, alert, responder_id, now)

    def take(self, session: Session, alert: Alert, actor: str,
             now: datetime | None = None) -> Acted:
        """`actor` (a responder id or "staff:3") takes the open alert: its pending steps are
        cancelled and everyone else notified is told by whom. AlreadyTaken when another
        was first (AlreadyClosed when it is closed)."""
        # One conditional update: the first responder wins; the others, who waited on the
        # row, find it taken and are told by whom.
        won = rowcount(session.execute(
            update(Alert).where(Alert.id == alert.id, Alert.status == "open")
            .values(status="acknowledged", acknowledged_by=actor,
                    acknowledged_at=now or utcnow())
            .execution_options(synchronize_session=False)))
        session.refresh(alert)
        if not won:
            if alert.status == "closed":
                raise AlreadyClosed(alert.outcome or "")
            raise AlreadyTaken(alert.acknowledged_by or "-")
        session.execute(update(Escalation).where(
            Escalation.alert_id == alert.id, Escalation.status == "pending")
            .values(status="cancelled"))
        audit.record(session, alert.id, actor, "acknowledged")
        t = self.catalogs.gettext
        told = self._tell_others(session, alert, actor, lambda other_lang: t(
            other_lang, texts.TAKEN_BY, number=alert.number, who=actor))
        return Acted(alert, actor, "acknowledged", told)

    def tell(self, session: Session, responder: ResponseContact, body: str) -> list[int]:
        """Queue a plain message to a responder on every channel they have."""
        message_ids = []
        for channel, address in responder.addresses:
            contact = self.responder_contact(session, responder, channel, address)
            message = self.outbox.enqueue(session, contact, body)
            session.flush()
            message_ids.append(message.id)
        return message_ids

    def close(self, session: Session, number: int, outcome: str, note: str | None,
              actor: str) -> Acted:
        """Close an alert once, for an NGO contact; the others notified are told the outcome.
        A migrant's alert does not exist for anyone else (the same answer as no alert)."""
        if outcome not in texts.OUTCOMES:
            raise BadOutcome(outcome)
        alert = session.scalar(select(Alert).where(Alert.number == number))
        police = self.codebook.is_police(actor)
        if alert is None or (alert.kind in MIGRANT_KINDS and police):
            raise UnknownAlert(number)
        if police:
            raise NotAllowed(number)
        return self.close_alert(session, alert, outcome, note, actor)

    def close_alert(self, session: Session, alert: Alert, outcome: str, note: str | None,
                    actor: str) -> Acted:
        """Close the alert once (AlreadyClosed otherwise), for whoever the caller allowed;
        pending steps are cancelled and everyone notified but `actor` is told."""
        if outcome not in texts.OUTCOMES:
            raise BadOutcome(outcome)
        number = alert.number
        closed = rowcount(session.execute(
            update(Alert).where(Alert.id == alert.id, Alert.status != "closed")
            .values(status="closed", outcome=outcome, closed_at=utcnow(), close_note=note)
            .execution_options(synchronize_session=False)))
        session.refresh(alert)
        if not closed:
            raise AlreadyClosed(alert.outcome or "")
        session.execute(update(Escalation).where(
            Escalation.alert_id == alert.id, Escalation.status == "pending")
            .values(status="cancelled"))
        audit.record(session, alert.id, actor, "closed", outcome=outcome, with_note=bool(note))
        t = self.catalogs.gettext
        told = self._tell_others(session, alert, actor, lambda lang: t(
            lang, texts.CLOSED_BY, number=number, who=actor,
            outcome=t(lang, texts.OUTCOMES[outcome])))
        return Acted(alert, actor, "closed", told)

    def answer_migrant(self, session: Session, number: int, message: str,
                       actor: str) -> Acted:
        """An NGO responder answers a migrant who asked for help or for a person, through
        the service, on the migrant's own channel and in their language. A request nobody
        has taken yet is the replier's from then on."""
        alert = session.scalar(select(Alert).where(Alert.number == number,
                                                   Alert.kind.in_(MIGRANT_KINDS)))
        if alert is None or self.codebook.is_police(actor) or alert.contact_id is None:
            raise UnknownAlert(number)
        told = self.take_if_open(session, alert, actor)
        queued = self.send_to_migrant(session, alert, message, actor)
        return Acted(alert, actor, "answered", [*told, *(m.id for m in queued)])

    def take_if_open(self, session: Session, alert: Alert, actor: str) -> list[int]:
        """Take the alert when nobody has; the outbox ids telling the others."""
        if alert.status != "open":
            return []
        try:
            return self.take(session, alert, actor).told
        except (AlreadyTaken, AlreadyClosed):
            return []  # someone else was quicker: the answer goes anyway

    def send_to_migrant(self, session: Session, alert: Alert, message: str,
                        author: str) -> list[Message]:
        """`message`, written by `author`, queued to the alert's migrant on their own
        channel, framed in their language and paged as their channel shows it."""
        migrant = session.get(Contact, alert.contact_id) if alert.contact_id else None
        if migrant is None:
            raise UnknownAlert(alert.number)  # forgotten on request
        locale = migrant.locale or "en"
        body = self.catalogs.gettext(locale, texts.FROM_PARTNER, text=message)
        messages = []
        for part in registry.render(migrant.channel, Reply(text=body, locale=locale),
                                    self.max_segments):
            queued = self.outbox.enqueue(session, migrant, part.body, part.buttons,
                                         encoding=part.encoding, segments=part.segments,
                                         author=author)
            session.flush()
            messages.append(queued)
        audit.record(session, alert.id, author, "answered_migrant")
        return messages

    def _tell_others(self, session: Session, alert: Alert, actor: str,
                     text_in: Callable[[str], str]) -> list[int]:
        """Tell everyone notified of the alert except `actor`, each in their language."""
        message_ids = []
        for other_id in sorted(self._notified(session, alert) - {actor}):
            other = self.codebook.contacts.get(other_id)
            if other is not None:
                message_ids += self.tell(session, other, text_in(other.lang))
        return message_ids

    def _notified(self, session: Session, alert: Alert) -> set[str]:
        return set(session.scalars(select(Notification.responder).where(
            Notification.alert_id == alert.id)).all())

    def notified(self, session: Session, alert: Alert) -> set[str]:
        """The response contacts told of the alert so far."""
        return self._notified(session, alert)


def language_name(locale: str | None, reader: str) -> str:
    """The name of the language `locale` ("km") in the reader's language ("Khmer")."""
    if not locale:
        return "-"
    try:
        name = babel_locale(locale.split("-")[0]).get_display_name(babel_locale(reader))
    except (ValueError, LookupError):
        name = None
    return name or locale
