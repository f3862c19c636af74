"""How the dashboard's pages show things, shared by the alert, inbox and reporter pages:
numbers read from URLs, times in the alerts file's time zone and the reader's language,
who did something (by email for the NGO, never an identity for the police), and the words
for statuses, delivery states and channels."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from babel.dates import format_datetime, format_timedelta
from flask import abort, current_app
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session

from bot.alerts.network import AlertNetwork
from bot.channels import registry
from bot.dashboard.access import _, locale
from bot.models import StaffAccount
from bot.text import N_
from bot.text.digits import normalize_digits
from bot.text.formats import babel_locale

# An alert number in a URL: digits 0-9 only, and short (a 400-digit number is no alert).
MAX_NUMBER_DIGITS = 9

STATUS_LABELS = {
    "open": N_("Open"),
    "acknowledged": N_("Taken"),
    "closed": N_("Closed"),
}
DELIVERY_LABELS = {
    "queued": N_("waiting to be sent"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "delivered": N_("delivered"),
    "undelivered": N_("not delivered"),
    "failed": N_("failed"),
    "interrupted": N_("interrupted"),
    "simulated": N_("shown in the simulator"),
}
ACTOR_LABELS = {
    "clock": N_("the clock"),
    "system": N_("the service"),
    "migrant": N_("the migrant"),
    "provider": N_("the SMS or chat provider"),
    "reporter": N_("the reporter"),
}


def network() -> AlertNetwork:
    found = current_app.extensions.get("alerts")
    if found is None:
        abort(404)  # no alerts file: no alerts and no requests either
    return found


def parse_number(text: str) -> int:
    """A number from a URL, or 404: only 0-9 (not `²` or `③`), at most nine digits."""
    if not text or len(text) > MAX_NUMBER_DIGITS or not text.isascii() or not text.isdigit():
        abort(404)
    return int(text)


def police() -> bool:
    return current_user.role == "police"


def when(moment: datetime | None) -> str:
    """A naive-UTC time as the reader reads it, in the alerts file's time zone."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=UTC).astimezone(network().codebook.timezone)
    return normalize_digits(format_datetime(local, format="short",
                                            locale=babel_locale(locale())))


def relative(moment: datetime | None, now: datetime) -> str:
    """"12 minutes ago" or "in 8 minutes", in the reader's language."""
    if moment is None:
        return ""
    delta = moment - now
    if abs(delta) < timedelta(minutes=1):  # seconds would change the page every poll
        return _("just now") if delta <= timedelta(0) else _("in less than a minute")
    return normalize_digits(format_timedelta(delta, add_direction=True, granularity="minute",
                                             locale=babel_locale(locale())))


def age(moment: datetime | None, now: datetime) -> str:
    """"12 minutes", in the reader's language."""
    if moment is None:
        return ""
    return normalize_digits(format_timedelta(now - moment, locale=babel_locale(locale())))


def iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.replace(tzinfo=UTC).isoformat(timespec="minutes")


def version(html: str) -> str:
    """What a polling page compares to know whether to replace what it shows. The CSRF
    token in its forms is signed anew for every request: it must not count as a change."""
    stable = html.replace(generate_csrf(), "")
    return hashlib.sha256(stable.encode("utf-8")).hexdigest()[:16]


def channel_label(channel: str | None) -> str:
    if not channel:
        return "-"
    try:
        return registry.get(channel).label
    except registry.UnknownChannel:
        return channel


class Actors:
    """How the reader sees who did something: staff accounts by email for the NGO and
    admins, "staff" for the police; the machine actors in words; responder ids as they are.
    Reporter pseudonyms reach the police never (staff_ops already names them "reporter")."""

    def __init__(self, session: Session):
        self.session = session
        self.emails: dict[str, str] = {}

    def label(self, actor: str | None) -> str:
        if not actor:
            return ""
        if actor.startswith("staff:"):
            if police():
                return _("staff")
            if actor not in self.emails:
                account_id = actor.removeprefix("staff:")
                account = (self.session.get(StaffAccount, int(account_id))
                           if account_id.isascii() and account_id.isdigit()
                           and len(account_id) <= MAX_NUMBER_DIGITS else None)
                self.emails[actor] = account.email if account else _("staff")
            return self.emails[actor]
        if actor in ACTOR_LABELS:
            return _(ACTOR_LABELS[actor])
        return actor
