"""The alert queue (`/staff/alerts`, refreshed in place from `/staff/alerts/feed`) and the
page of one alert: its facts, who was told and how far each message got, the escalation
ladder, NGO notes, the audit trail, and taking, noting and closing it.

Every call on alerts goes through bot.alerts.staff_ops, which decides what a role may see
(the police: coded alerts only, never who reported, never notes) and audits each action.
Opening an alert's page is a view in the audit trail; listing the queue is not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts import on_call, staff_ops, texts
from bot.alerts.network import MIGRANT_KINDS
from bot.alerts.outcomes import AlreadyClosed, AlreadyTaken, BadOutcome, NotAllowed, UnknownAlert
from bot.dashboard.access import _, locale, requires
from bot.dashboard.blueprint import bp
from bot.dashboard.display import (
    DELIVERY_LABELS,
    STATUS_LABELS,
    Actors,
    channel_label,
    iso,
    network,
    parse_number,
    police,
    relative,
    version,
    when,
)
from bot.models import Alert, AlertNote, Escalation, Reporter, utcnow
from bot.sessions import get_session
from bot.text import N_

PERSON_LABEL = N_("asks to talk to a person")
STEP_LABELS = {
    "pending": N_("waiting"),
    "running": N_("sending now"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}
EVENT_LABELS = {
    "received": N_("received"),
    "updated": N_("updated by the reporter"),
    "notified": N_("notified"),
    "escalated": N_("escalated"),
    "acknowledged": N_("taken"),
    "viewed": N_("viewed"),
    "noted": N_("note added"),
    "answered": N_("answered"),
    "closed": N_("closed"),
}
# Audit details shown in the timeline: structured values only, never free text.
SHOWN_DETAILS = ("responder", "step", "outcome", "channel", "kind")


# -- shared by the dashboard's alert pages ----------------------------------------------


def meaning(alert: Alert) -> tuple[str, str]:
    """What the alert is about in the reader's language, and the language it is in."""
    reader = locale()
    if alert.kind == "person":
        return _(PERSON_LABEL), reader
    if alert.kind == "migrant" or not alert.code:
        return _(texts.MIGRANT_IN_DANGER), reader
    code = network().codebook.codes.get(alert.code)
    if code is None:
        return alert.code, "en"
    found = code.meanings.get(reader) or code.meanings.get(reader.split("-")[0])
    return code.meaning_in(reader), reader if found else "en"


# -- what a card shows -------------------------------------------------------------------

@dataclass
class Card:
    alert: Alert
    urgent: bool
    severity: str
    meaning: str
    meaning_lang: str
    age: str
    created: str
    venue: dict | None
    status: str
    taken_by: str
    notified: list[dict]
    step_reached: int
    steps: int
    next_due: str
    next_due_in: str
    conversation_url: str | None
    reporter: str | None = None
    ladder: list[dict] = field(default_factory=list)


def card(session: Session, alert: Alert, actors: Actors, now: datetime) -> Card:
    codebook = network().codebook
    role = current_user.role
    text, lang = meaning(alert)
    venue = codebook.venues.get(alert.venue or "")
    entries = staff_ops.notifications(session, alert, role)
    notified: list[dict] = [
        {"responder": n.responder, "step": n.step, "channel": channel_label(n.channel),
                 "state": _(DELIVERY_LABELS[n.status]) if n.status in DELIVERY_LABELS
                 else (n.status or "-"), "delivery": n.status or "gone",
                 "at": when(n.at)}
                for n in entries]
    escalations = list(session.scalars(select(Escalation).where(
        Escalation.alert_id == alert.id).order_by(Escalation.step)))
    pending = [e for e in escalations if e.status in ("pending", "running")]
    next_due = min((e.due_at for e in pending), default=None)
    reached = max((n.step for n in entries), default=0)
    steps = max([len(codebook.severities.get(alert.severity, [])) if alert.kind != "person"
                 else 1, reached, *(e.step + 1 for e in escalations)])
    conversation_url = None
    if (not police() and alert.kind in MIGRANT_KINDS
            and "staff.conversation" in current_app.view_functions):
        conversation_url = url_for("staff.conversation", number=alert.number)
    return Card(
        alert=alert, urgent=alert.severity == codebook.top_severity,
        severity=alert.severity, meaning=text, meaning_lang=lang,
        age=relative(alert.created_at, now), created=when(alert.created_at),
        venue=({"code": alert.venue, "name": venue.name if venue else "",
                "area": venue.area if venue else ""} if alert.venue else None),
        status=_(STATUS_LABELS.get(alert.status, alert.status)),
        taken_by=actors.label(alert.acknowledged_by),
        notified=notified, step_reached=reached, steps=steps,
        next_due=when(next_due) if alert.status != "closed" else "",
        next_due_in=relative(next_due, now) if alert.status != "closed" else "",
        conversation_url=conversation_url,
        ladder=_ladder(alert, escalations, now))


def _ladder(alert: Alert, escalations: list[Escalation], now: datetime) -> list[dict]:
    """Each step of the alert's ladder: who it tells, when it is due, and its state."""
    codebook = network().codebook
    by_step = {e.step: e for e in escalations}
    if alert.kind == "person":
        rows = [{"step": 1, "who": _("whoever is on duty at the NGO"),
                 "due": when(alert.created_at), "state": _(STEP_LABELS["done"]), "key": "done"}]
        for e in escalations:
            rows.append({"step": e.step + 1, "who": _("the next NGO contact"),
                         "due": when(e.due_at),
                         "due_in": relative(e.due_at, now) if e.status == "pending" else "",
                         "state": _(STEP_LABELS.get(e.status, e.status)), "key": e.status})
        return rows
    rows = []
    for index, step in enumerate(codebook.severities.get(alert.severity, [])):
        who = [name for name in step.notify if not (
            alert.kind in MIGRANT_KINDS and name in codebook.contacts
            and codebook.is_police(name))]
        who = [_("on duty at {org}", org=name.removeprefix(on_call.ON_CALL_PREFIX))
               if name.startswith(on_call.ON_CALL_PREFIX) else name for name in who]
        if index == 0:
            state, due = "done", alert.created_at
        elif index in by_step:
            state, due = by_step[index].status, by_step[index].due_at
        else:
            state, due = "cancelled", alert.created_at + step.after
        rows.append({"step": index + 1, "who": ", ".join(who) or "-", "due": when(due),
                     "due_in": relative(due, now) if state == "pending" else "",
                     "state": _(STEP_LABELS.get(state, state)), "key": state})
    return rows


def on_duty_now(session: Session, now: datetime) -> list[dict]:
    """Who is on duty now at each organisation that has a rotation, and why."""
    codebook = network().codebook
    reasons = {
        on_call.OVERRIDE: _("set in the dashboard"),
        on_call.ROTATION: _("by the rotation"),
        on_call.FALLBACK: _("no shift now: everyone of the rotation"),
        on_call.NO_ROTATION: _("all its contacts"),
    }
    rows = []
    for org in codebook.on_call:
        duty = on_call.on_duty(session, codebook, org, now)
        organisation = codebook.organisations.get(org)
        rows.append({"org": org, "name": organisation.name if organisation else org,
                     "contacts": duty.ids, "case": duty.case,
                     "reason": reasons.get(duty.case, duty.case),
                     "until": when(duty.until) if duty.until else ""})
    return rows


# -- the queue ---------------------------------------------------------------------------

def _queue_context(session: Session) -> dict:
    now = utcnow()
    actors = Actors(session)
    alerts = staff_ops.visible_alerts(session, network(), current_user.role)
    return {"cards": [card(session, alert, actors, now) for alert in alerts],
            "on_duty": on_duty_now(session, now), "police": police()}


def _rendered_list(session: Session) -> tuple[str, str, list[int]]:
    context = _queue_context(session)
    html = render_template("staff/_queue_items.html", **context)
    return html, version(html), [c.alert.number for c in context["cards"]]


@bp.get("/alerts")
@requires("ngo", "police")
def queue():
    html, version, _numbers = _rendered_list(get_session())
    return render_template("staff/queue.html", list_html=html, version=version,
                           feed_url=url_for("staff.queue_feed"),
                           timezone=str(network().codebook.timezone))


@bp.get("/alerts/feed")
@requires("ngo", "police")
def queue_feed():
    """The queue's list for the page's script: no audit row (listing is not viewing)."""
    html, version, numbers = _rendered_list(get_session())
    response = jsonify(version=version, html=html, numbers=numbers)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- one alert ---------------------------------------------------------------------------

def _visible(session: Session, number: int) -> Alert:
    try:
        return staff_ops.visible_alert(session, network(), number, current_user.role)
    except UnknownAlert:
        abort(404)


@bp.get("/alerts/<number>")
@requires("ngo", "police")
def alert(number: str):
    session = get_session()
    found = _visible(session, parse_number(number))
    staff_ops.record_view(session, found, current_user.actor)
    session.commit()
    now = utcnow()
    actors = Actors(session)
    shown = card(session, found, actors, now)
    if not police() and found.reporter_id is not None:
        reporter = session.get(Reporter, found.reporter_id)
        shown.reporter = reporter.pseudonym if reporter else None
    timeline = [{"at": when(e.at), "iso": iso(e.at), "event": e.event,
                 "label": _(EVENT_LABELS[e.event]) if e.event in EVENT_LABELS else e.event,
                 "actor": actors.label(e.actor), "detail": _detail(e.detail)}
                for e in staff_ops.timeline(session, network(), found, current_user.role)]
    notes = []
    if not police():
        notes = [{"author": actors.label(n.author), "at": when(n.created_at), "text": n.text}
                 for n in session.scalars(select(AlertNote).where(AlertNote.alert_id == found.id)
                                          .order_by(AlertNote.created_at, AlertNote.id))]
    outcomes = [(code, _(label)) for code, label in texts.OUTCOMES.items()]
    return render_template(
        "staff/alert.html", card=shown, alert=found, timeline=timeline, notes=notes,
        police=police(), outcomes=outcomes, max_text=staff_ops.MAX_TEXT,
        outcome=_(texts.OUTCOMES[found.outcome]) if found.outcome in texts.OUTCOMES else "",
        closed_at=when(found.closed_at), timezone=str(network().codebook.timezone))


def _detail(detail: dict) -> str:
    parts = []
    for key in SHOWN_DETAILS:
        value = detail.get(key)
        if value is None or value == "":
            continue
        if key == "outcome" and value in texts.OUTCOMES:
            parts.append(_(texts.OUTCOMES[value]))
        elif key == "step":
            parts.append(_("step {step}", step=value))
        elif key == "channel":
            parts.append(channel_label(str(value)))
        elif key == "kind":
            continue
        else:
            parts.append(str(value))
    return ", ".join(parts)


def _back(number: int):
    if request.form.get("back") == "queue":
        return redirect(url_for("staff.queue"))
    return redirect(url_for("staff.alert", number=str(number)))


def _deliver(message_ids: list[int]) -> None:
    """Tell the others now; the outbox retries whatever does not leave."""
    if message_ids:
        current_app.extensions["bot"].outbox.deliver(get_session(), message_ids)


def _refused(number: int, error: Exception):
    """A refusal of staff_ops as a translated flash; NotAllowed is 403, the rest go back."""
    session = get_session()
    session.rollback()
    if isinstance(error, NotAllowed):
        flash(_("Your account cannot do this."), "error")
        abort(403)
    if isinstance(error, AlreadyTaken):
        flash(_(texts.ALREADY_TAKEN, number=number,
                who=Actors(session).label(str(error.args[0]) if error.args else "")), "error")
    elif isinstance(error, AlreadyClosed):
        outcome = error.args[0] if error.args else ""
        flash(_(texts.ALREADY_CLOSED, number=number,
                outcome=_(texts.OUTCOMES[outcome]) if outcome in texts.OUTCOMES else outcome),
              "error")
    elif isinstance(error, BadOutcome):
        flash(_("Choose how the alert ended."), "error")
    else:
        flash(_("The note must have text, at most {max} characters.", max=staff_ops.MAX_TEXT),
              "error")
    return _back(number)


@bp.post("/alerts/<number>/take")
@requires("ngo", "police")
def take(number: str):
    value = parse_number(number)
    session = get_session()
    _visible(session, value)
    try:
        acted = staff_ops.take(session, network(), value, current_user.actor,
                               current_user.role)
    except UnknownAlert:
        abort(404)
    except (AlreadyTaken, AlreadyClosed, NotAllowed) as error:
        return _refused(value, error)
    session.commit()
    _deliver(acted.told)
    flash(_(texts.YOURS, number=value), "info")
    return _back(value)


@bp.post("/alerts/<number>/note")
@requires("ngo")
def add_note(number: str):
    value = parse_number(number)
    session = get_session()
    _visible(session, value)
    text = request.form.get("text", "").replace("\x00", "")
    try:
        staff_ops.add_note(session, network(), value, text, current_user.actor,
                           current_user.role)
    except UnknownAlert:
        abort(404)
    except (NotAllowed, ValueError) as error:
        return _refused(value, error)
    session.commit()
    flash(_("The note is added."), "info")
    return _back(value)


@bp.post("/alerts/<number>/close")
@requires("ngo")
def close_alert(number: str):
    value = parse_number(number)
    session = get_session()
    _visible(session, value)
    outcome = request.form.get("outcome", "")
    note = request.form.get("note", "").replace("\x00", "")
    if len(note) > staff_ops.MAX_TEXT:
        flash(_("The note must have text, at most {max} characters.", max=staff_ops.MAX_TEXT),
              "error")
        return _back(value)
    try:
        acted = staff_ops.close(session, network(), value, outcome, note, current_user.actor,
                                current_user.role)
    except UnknownAlert:
        abort(404)
    except (NotAllowed, BadOutcome, AlreadyClosed) as error:
        return _refused(value, error)
    session.commit()
    _deliver(acted.told)
    flash(_(texts.CLOSED, number=value, outcome=_(texts.OUTCOMES[outcome])), "info")
    return _back(value)
