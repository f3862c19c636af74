"""Messages people asked for (SAFETY 1): when the minimum wage of their area changes, each
subscriber gets one message on the day the new rate takes effect, and never twice."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.actions.wages import format_money, freshness_text
from bot.channels.registry import render
from bot.conversation.reply import Reply
from bot.models import Contact, NoticeSent, Subscription
from bot.text import N_, formats

log = logging.getLogger(__name__)

WAGE_CHANGED = N_("From {date}, the minimum wage in {place} is {amount}.")
HOW_TO_STOP = N_("Send STOP to stop these messages.")


def send_wage_notices(session: Session, services, now: datetime) -> int:  # noqa: ANN001
    """Queue the notices due by today (in the service's time zone); returns how many."""
    facts = services.facts
    today = now.replace(tzinfo=UTC).astimezone(facts.timezone).date()
    rows = session.execute(
        select(Subscription, Contact).join(Contact, Contact.id == Subscription.contact_id)
        .where(Subscription.topic == "minimum_wage", Subscription.active.is_(True),
               Contact.opted_out.is_(False))).all()
    sent = 0
    for subscription, contact in rows:
        rate = facts.wages.rate_on(subscription.key, today)
        if rate is None or rate.effective_from <= _local_day(subscription.created_at, facts):
            continue  # nothing new since they asked
        change = f"{subscription.key}:{rate.effective_from.isoformat()}"
        if session.scalar(select(NoticeSent.id).where(
                NoticeSent.subscription_id == subscription.id, NoticeSent.change == change)):
            continue
        try:
            with session.begin_nested():
                notice = NoticeSent(subscription_id=subscription.id, change=change)
                session.add(notice)
                session.flush()
                messages = _queue(session, services, contact, subscription.key, rate)
                notice.message_id = messages[0].id if messages else None
        except IntegrityError:
            continue  # another clock sent it a moment ago
        sent += 1
    session.commit()
    if sent:
        log.info("queued %d minimum-wage change notice(s)", sent)
    return sent


def _local_day(moment: datetime, facts) -> date:  # noqa: ANN001
    return moment.replace(tzinfo=UTC).astimezone(facts.timezone).date()


def _queue(session: Session, services, contact: Contact, area_id: str,  # noqa: ANN001
           rate) -> list:
    wages, t = services.facts.wages, services.catalogs.gettext
    locale = contact.locale or "en"
    area = wages.areas[area_id]
    country = wages.countries[area.country]
    text = "\n".join([
        t(locale, WAGE_CHANGED, date=formats.day(rate.effective_from, locale),
          place=area.name(locale),
          amount=format_money(t, locale, rate.amount, country.currency, country.per)),
        freshness_text(t, locale, services.facts.hotlines, [rate], area.country),
        t(locale, HOW_TO_STOP)])
    reply = Reply(text=text, locale=locale)
    return [services.outbox.enqueue(session, contact, part.body, part.buttons,
                                    encoding=part.encoding, segments=part.segments)
            for part in render(contact.channel, reply, services.max_segments)]
