"""Peer educators and watchdogs, for NGO staff and admins only (police never see who
reports, SAFETY 8): the list (pseudonyms, never a phone number), enrolling one with a
one-time join code shown once, revoking, each reporter's alerts, and the venues and codes
of the alerts file (read-only: the file is the source). Enrolling, revoking and opening a
reporter's page are written to the audit trail with the pseudonym only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from bot.alerts import audit
from bot.alerts import reporters as enrolment
from bot.dashboard.access import _, locale, requires
from bot.dashboard.blueprint import bp
from bot.dashboard.display import STATUS_LABELS, channel_label
from bot.logmask import mask_address
from bot.models import Alert, Contact, Reporter
from bot.services import services
from bot.sessions import get_session
from bot.text import N_
from bot.text.formats import day

PSEUDONYM_RE = re.compile(r"^[A-Z]{2}-[0-9]{2,4}$")
ROLE_LABELS = {"peer_educator": N_("Peer educator"), "watchdog": N_("Watchdog")}
MAX_PHONE_TEXT = 40  # longer than any number written with spaces and dashes
MAX_ALERTS_SHOWN = 500


@dataclass(frozen=True)
class Row:
    """One reporter as the list shows them: no phone number, no chat id."""

    pseudonym: str
    role: str
    venues: list[str]
    locale: str
    active: bool
    code_pending: bool  # a join code printed and not yet used
    channels: list[str]  # channels linked, by label
    alerts: int
    last_alert: str | None


def _network():
    return current_app.extensions.get("alerts")


def _timezone() -> tzinfo:
    network = _network()
    return network.codebook.timezone if network else UTC


def _local(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC).astimezone(_timezone())


def _languages() -> list[tuple[str, str, str]]:
    """(code, native name, Latin name) of the service's languages, in menu order."""
    return [(lang.code, lang.native, lang.latin) for lang in services().engine.languages.all]


def _sort_key(pseudonym: str) -> tuple[str, int]:
    prefix, _dash, number = pseudonym.partition("-")
    return prefix, int(number) if number.isdigit() else 0


def _rows(session: Session) -> list[Row]:
    stats = {reporter_id: (count, last) for reporter_id, count, last in session.execute(
        select(Alert.reporter_id, func.count(Alert.id), func.max(Alert.created_at))
        .where(Alert.reporter_id.is_not(None)).group_by(Alert.reporter_id))}
    linked: dict[int, set[str]] = {}
    for reporter_id, channel in session.execute(
            select(Contact.reporter_id, Contact.channel).where(Contact.reporter_id.is_not(None))):
        linked.setdefault(reporter_id, set()).add(channel)
    rows = []
    for reporter in session.scalars(select(Reporter)):
        count, last = stats.get(reporter.id, (0, None))
        rows.append(Row(
            pseudonym=reporter.pseudonym, role=reporter.role, venues=list(reporter.venues or []),
            locale=reporter.locale, active=reporter.active,
            code_pending=reporter.active and reporter.join_code_hash is not None,
            channels=sorted(channel_label(c) for c in linked.get(reporter.id, ())),
            alerts=count, last_alert=day(_local(last).date(), locale()) if last else None))
    return sorted(rows, key=lambda row: _sort_key(row.pseudonym))


def _codebook_view() -> dict | None:
    network = _network()
    if network is None:
        return None
    book = network.codebook
    return {
        "venues": sorted(book.venues.values(), key=lambda venue: venue.code),
        "codes": [{"code": code.code, "meaning": code.meaning_in(locale()),
                   "severity": code.severity, "duress": code.duress}
                  for code in sorted(book.codes.values(), key=lambda code: code.code)],
        "timezone": str(book.timezone),
    }


def _page(session: Session, status: int = 200, *, enrolled: dict | None = None,
          errors: list[str] | None = None, chosen: dict | None = None):
    network = _network()
    response = current_app.make_response((render_template(
        "staff/reporters.html", rows=_rows(session), book=_codebook_view(),
        languages=_languages(), role_labels=ROLE_LABELS,
        venue_choices=sorted(network.codebook.venues.values(), key=lambda venue: venue.code)
        if network else [],
        enrolled=enrolled, errors=errors or [],
        chosen=chosen or {"role": "peer_educator", "venues": [], "lang": "km"}), status))
    if enrolled is not None:
        # The join code is on this page only: no browser or proxy may keep a copy.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


@bp.get("/reporters")
@requires("ngo")
def reporters():
    return _page(get_session())


@bp.post("/reporters")
@requires("ngo")
def enrol_reporter():
    session = get_session()
    network = _network()
    errors: list[str] = []
    role = request.form.get("role", "")
    if role not in enrolment.PREFIX:
        errors.append(_("Choose a role: peer educator or watchdog."))
    known = network.codebook.venues if network else {}
    venues = list(dict.fromkeys(v.strip().upper() for v in request.form.getlist("venues")
                                if v.strip()))
    if [v for v in venues if v not in known]:
        errors.append(_("Choose venues from the list."))
        venues = [v for v in venues if v in known]
    lang = request.form.get("lang", "")
    codes = [code for code, _native, _latin in _languages()]
    if lang not in codes:
        errors.append(_("Choose the reporter's language from the list."))
    phone_text = request.form.get("phone", "").strip()
    phone = None
    if phone_text:
        try:
            if len(phone_text) > MAX_PHONE_TEXT:
                raise enrolment.NotAPhoneNumber()
            phone = enrolment.phone_number(phone_text)
        except enrolment.NotAPhoneNumber:
            errors.append(_("Write the phone number in international form, + and 8 to 15 "
                            "digits, for example +85512345678, or leave it empty."))
    chosen = {"role": role, "venues": venues, "lang": lang if lang in codes else "km"}
    if errors:
        return _page(session, 400, errors=errors, chosen=chosen)
    reporter, code = enrolment.enrol(session, services().cipher, role, venues, lang, phone)
    audit.record(session, None, current_user.actor, "reporter_enrolled",
                 pseudonym=reporter.pseudonym)
    session.commit()
    return _page(session, enrolled={
        "pseudonym": reporter.pseudonym, "code": code, "role": role,
        "phone": mask_address(phone) if phone else None})


def _reporter(session: Session, pseudonym: str) -> Reporter:
    if not PSEUDONYM_RE.fullmatch(pseudonym):
        raise NotFound()
    reporter = session.scalar(select(Reporter).where(Reporter.pseudonym == pseudonym))
    if reporter is None:
        raise NotFound()
    return reporter


@bp.post("/reporters/<pseudonym>/revoke")
@requires("ngo")
def revoke_reporter(pseudonym: str):
    session = get_session()
    reporter = _reporter(session, pseudonym)
    if not reporter.active:
        flash(_("{pseudonym} was already revoked.", pseudonym=reporter.pseudonym), "info")
        return redirect(url_for("staff.reporter", pseudonym=reporter.pseudonym))
    enrolment.revoke(session, reporter.pseudonym)
    audit.record(session, None, current_user.actor, "reporter_revoked",
                 pseudonym=reporter.pseudonym)
    session.commit()
    flash(_("{pseudonym} is revoked: their codes no longer raise alerts.",
            pseudonym=reporter.pseudonym), "info")
    return redirect(url_for("staff.reporter", pseudonym=reporter.pseudonym))


def _alert_url(number: int) -> str:
    return url_for("staff.alert", number=number)


@bp.get("/reporters/<pseudonym>")
@requires("ngo")
def reporter(pseudonym: str):
    session = get_session()
    found = _reporter(session, pseudonym)
    network = _network()
    book = network.codebook if network else None
    alerts = session.scalars(select(Alert).where(Alert.reporter_id == found.id)
                             .order_by(Alert.created_at.desc(), Alert.id.desc())
                             .limit(MAX_ALERTS_SHOWN)).all()
    shown = [{
        "number": alert.number, "url": _alert_url(alert.number), "code": alert.code or "",
        "meaning": (book.codes[alert.code].meaning_in(locale())
                    if book and alert.code in book.codes else ""),
        "venue": alert.venue or "",
        "venue_name": book.venues[alert.venue].name if book and alert.venue in book.venues
        else "",
        "at": _local(alert.created_at).strftime("%Y-%m-%d %H:%M"),
        "status": _(STATUS_LABELS.get(alert.status, alert.status)),
        "closed": alert.status == "closed",
    } for alert in alerts]
    channels = sorted(channel_label(channel) for channel in set(session.scalars(
        select(Contact.channel).where(Contact.reporter_id == found.id))))
    audit.record(session, None, current_user.actor, "reporter_viewed",
                 pseudonym=found.pseudonym)
    session.commit()
    languages = {code: (native, latin) for code, native, latin in _languages()}
    return render_template(
        "staff/reporter.html", reporter=found, alerts=shown, channels=channels,
        role_label=_(ROLE_LABELS.get(found.role, found.role)),
        language=languages.get(found.locale, (found.locale, found.locale)),
        enrolled_on=day(_local(found.created_at).date(), locale()),
        timezone=str(_timezone()), more=len(alerts) == MAX_ALERTS_SHOWN)
