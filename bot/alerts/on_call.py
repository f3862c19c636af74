"""Who is on duty at an organisation now: an override staff set (OnCallOverride rows) first,
else the alerts file's rotation (`on_call`), else, when no shift covers the moment, every
contact of the rotation: an on-duty question never answers "nobody" (SAFETY 10).

Times in the database are naive UTC (bot.db.utcnow); shifts are in the file's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts import audit
from bot.alerts.codebook import ON_CALL_PREFIX, WEEKDAYS, Codebook, ResponseContact, Shift
from bot.models import OnCallOverride

# How the answer was found, for the dashboard to say so.
OVERRIDE = "override"  # someone set in the dashboard, until `until`
ROTATION = "rotation"  # the shift of the file's rotation, until `until`
FALLBACK = "fallback"  # no shift covers now: everyone of the rotation
NO_ROTATION = "none"  # the organisation has no rotation: all its contacts


@dataclass(frozen=True)
class OnDuty:
    org: str
    contacts: tuple[ResponseContact, ...]
    case: str  # OVERRIDE | ROTATION | FALLBACK | NO_ROTATION
    until: datetime | None = None  # naive UTC: when this answer may change

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.contacts]


def on_duty(session: Session | None, codebook: Codebook, org: str, now: datetime) -> OnDuty:
    """Who is on duty at `org` at `now` (naive UTC), and why. Without a session (nothing to
    read overrides from, e.g. a preview) the rotation alone answers."""
    overrides = [] if session is None else list(session.scalars(
        select(OnCallOverride).where(OnCallOverride.org == org,
                                     OnCallOverride.starts_at <= now,
                                     OnCallOverride.ends_at > now)
        .order_by(OnCallOverride.starts_at, OnCallOverride.id)))
    overridden = _unique(codebook, [o.contact for o in overrides])
    if overridden:
        return OnDuty(org, overridden, OVERRIDE, min(o.ends_at for o in overrides))
    rotation = codebook.on_call.get(org)
    if not rotation:
        return OnDuty(org, _unique(codebook, codebook.org_contacts(org)), NO_ROTATION)
    local = now.replace(tzinfo=UTC).astimezone(codebook.timezone)
    covering = [(shift, end) for shift in rotation
                if (end := shift_end(shift, local)) is not None]
    if covering:
        until = min(end for _, end in covering).astimezone(UTC).replace(tzinfo=None)
        return OnDuty(org, _unique(codebook, [s.contact for s, _ in covering]), ROTATION,
                      until)
    return OnDuty(org, _unique(codebook, [s.contact for s in rotation]), FALLBACK)


def shift_end(shift: Shift, local: datetime) -> datetime | None:
    """When the shift covering `local` (an aware time in the file's zone) ends, or None
    when it does not cover it. An overnight shift belongs to the day it starts on."""
    day = WEEKDAYS[local.weekday()]
    moment = local.time().replace(tzinfo=None)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if not shift.overnight:
        if day in shift.days and shift.start <= moment < shift.end:
            return _at(midnight, shift.end)
        return None
    if day in shift.days and moment >= shift.start:
        return _at(midnight + timedelta(days=1), shift.end)
    yesterday = WEEKDAYS[(local.weekday() - 1) % 7]
    if yesterday in shift.days and moment < shift.end:
        return _at(midnight, shift.end)
    return None


def _at(midnight: datetime, at) -> datetime:  # noqa: ANN001
    # Wall-clock arithmetic in the zone (the region's zones keep no summer time).
    return midnight.replace(hour=at.hour, minute=at.minute)


def _unique(codebook: Codebook, ids: list[str]) -> tuple[ResponseContact, ...]:
    """The contacts named, once each, in order; ids no longer in the file are left out."""
    seen: dict[str, ResponseContact] = {}
    for contact_id in ids:
        if contact_id in codebook.contacts and contact_id not in seen:
            seen[contact_id] = codebook.contacts[contact_id]
    return tuple(seen.values())


def add_override(session: Session, codebook: Codebook, org: str, contact: str,
                 starts_at: datetime, ends_at: datetime, actor: str) -> OnCallOverride:
    """`contact` on duty at `org` from `starts_at` to `ends_at` (naive UTC) in place of the
    rotation; recorded in the audit trail. ValueError when the contact is not of the
    organisation or the time runs backwards."""
    if org not in codebook.organisations:
        raise ValueError(f"unknown organisation {org!r}")
    responder = codebook.contacts.get(contact)
    if responder is None or responder.org != org:
        raise ValueError(f"{contact!r} is not a contact of {org!r}")
    if ends_at <= starts_at:
        raise ValueError("the end must be after the start")
    override = OnCallOverride(org=org, contact=contact, starts_at=starts_at, ends_at=ends_at,
                              created_by=actor)
    session.add(override)
    session.flush()
    audit.record(session, None, actor, "on_call_override", org=org, contact=contact,
                 starts_at=starts_at.isoformat(timespec="minutes"),
                 ends_at=ends_at.isoformat(timespec="minutes"), override=override.id)
    return override


def resolve(session: Session | None, codebook: Codebook, names: tuple[str, ...] | list[str],
            now: datetime) -> list[ResponseContact]:
    """A ladder step's `notify` (contact ids and `on_call:<org>`) as contacts, once each."""
    ids: list[str] = []
    for name in names:
        if name.startswith(ON_CALL_PREFIX) and name not in codebook.contacts:
            ids += on_duty(session, codebook, name.removeprefix(ON_CALL_PREFIX), now).ids
        else:
            ids.append(name)
    return list(_unique(codebook, ids))
