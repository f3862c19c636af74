"""Who is on duty (`/staff/on-duty`): each organisation's rotation from the alerts file, who
is on duty now (bot.alerts.on_call) and the overrides staff set, current and future. The NGO
and admins add an override or end one; the police may look. Times are typed in the alerts
file's time zone and stored as naive UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from bot.alerts import audit, on_call
from bot.dashboard.access import _, requires
from bot.dashboard.alerts import network, on_duty_now, parse_number, police, when
from bot.dashboard.blueprint import bp
from bot.models import OnCallOverride, utcnow
from bot.sessions import get_session
from bot.text.formats import weekday

# What a browser's datetime-local sends ("2026-10-03T18:00", seconds when a step asks).
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
# An override is for a gap in the rotation, not a new rotation: a year ahead at most.
FURTHEST = timedelta(days=366)


def parse_local(text: str) -> datetime | None:
    """A datetime-local value in the file's time zone as naive UTC, or None."""
    text = (text or "").strip()
    if not text or len(text) > 19 or not text.isascii():
        return None
    for fmt in LOCAL_FORMATS:
        try:
            local = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if not 2000 <= local.year <= 2999:
            return None
        zone = network().codebook.timezone
        return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
    return None


def local_input(moment: datetime) -> str:
    """Naive UTC as a datetime-local value in the file's time zone."""
    local = moment.replace(tzinfo=UTC).astimezone(network().codebook.timezone)
    return local.strftime("%Y-%m-%dT%H:%M")


@bp.get("/on-duty")
@requires("ngo", "police")
def on_duty():
    session = get_session()
    codebook = network().codebook
    now = utcnow()
    duty = {row["org"]: row for row in on_duty_now(session, now)}
    organisations = []
    for org, rotation in codebook.on_call.items():
        overrides = list(session.scalars(
            select(OnCallOverride).where(OnCallOverride.org == org, OnCallOverride.ends_at > now)
            .order_by(OnCallOverride.starts_at, OnCallOverride.id)))
        organisation = codebook.organisations.get(org)
        organisations.append({
            "id": org, "name": organisation.name if organisation else org,
            "shifts": [{"contact": s.contact,
                        "days": ", ".join(weekday(d, current_user.locale) for d in s.days),
                        "from": s.start.strftime("%H:%M"), "to": s.end.strftime("%H:%M"),
                        "overnight": s.overnight} for s in rotation],
            "now": duty.get(org),
            "overrides": [{"id": o.id, "contact": o.contact, "from": when(o.starts_at),
                           "to": when(o.ends_at), "current": o.starts_at <= now}
                          for o in overrides],
            "contacts": codebook.org_contacts(org),
        })
    return render_template(
        "staff/on_duty.html", organisations=organisations, may_change=not police(),
        timezone=str(codebook.timezone), default_from=local_input(now),
        default_to=local_input(now + timedelta(hours=8)))


def _refuse(message: str):
    flash(message, "error")
    return redirect(url_for("staff.on_duty"))


@bp.post("/on-duty/overrides")
@requires("ngo")
def add_override():
    session = get_session()
    codebook = network().codebook
    org = request.form.get("org", "")
    contact = request.form.get("contact", "")
    starts_at = parse_local(request.form.get("starts_at", ""))
    ends_at = parse_local(request.form.get("ends_at", ""))
    now = utcnow()
    if org not in codebook.on_call:
        return _refuse(_("Choose an organisation that has a rotation."))
    if contact not in codebook.org_contacts(org):
        return _refuse(_("Choose a contact of {org}.", org=org))
    if starts_at is None or ends_at is None:
        return _refuse(_("Enter the start and the end as a date and a time."))
    if ends_at <= starts_at:
        return _refuse(_("The end must be after the start."))
    if ends_at <= now:
        return _refuse(_("The end is in the past."))
    if starts_at > now + FURTHEST or ends_at > now + FURTHEST:
        return _refuse(_("An override can be set at most a year ahead."))
    try:
        on_call.add_override(session, codebook, org, contact, starts_at, ends_at,
                             current_user.actor)
    except ValueError:
        session.rollback()
        return _refuse(_("The override could not be added. Check the contact and the times."))
    session.commit()
    flash(_("{contact} is on duty for {org} from {start} to {end}.", contact=contact, org=org,
            start=when(starts_at), end=when(ends_at)), "info")
    return redirect(url_for("staff.on_duty"))


@bp.post("/on-duty/overrides/<override_id>/end")
@requires("ngo")
def end_override(override_id: str):
    session = get_session()
    override = session.get(OnCallOverride, parse_number(override_id))
    if override is None:
        abort(404)
    now = utcnow()
    if override.ends_at <= now:
        flash(_("This override had already ended."), "info")
        return redirect(url_for("staff.on_duty"))
    # A future override then ends before it starts: it never applies.
    override.ends_at = now
    audit.record(session, None, current_user.actor, "on_call_override_ended",
                 override=override.id, org=override.org, contact=override.contact)
    session.commit()
    flash(_("The override of {contact} is ended.", contact=override.contact), "info")
    return redirect(url_for("staff.on_duty"))
