"""The staff operations the dashboard is built on (bot/alerts/staff_ops.py): what each role
sees, taking, closing, notes, answering a person, the audit trail, notifications and the
person's thread; the police unit never sees a migrant's alert or who reported."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.alerts import staff_ops
from bot.alerts.outcomes import (
    AlreadyClosed,
    AlreadyTaken,
    BadOutcome,
    NotAllowed,
    UnknownAlert,
)
from bot.models import Alert, AlertNote, AuditEvent, Escalation, Message, utcnow
from bot.sessions import new_session
from tests.test_twilio_sms import twiml_messages

REPORTER_PHONE = "+85512777001"
MIGRANT_PHONE = "+66800000777"
NGO_DUTY, ATU_CHIEF = "+85512000001", "+85512000003"
NGO, POLICE, ADMIN = "ngo", "police", "admin"


@pytest.fixture
def alerts(app, runner, send_sms, db):
    """Alert 1: urgent coded (Y); alert 2: a report (D); alert 3: a person request by SMS."""
    result = runner.invoke(args=["peers", "add", REPORTER_PHONE, "--role", "peer_educator",
                                 "--venues", "K12"])
    assert result.exit_code == 0, result.output
    send_sms("D K12 1", sender=REPORTER_PHONE)
    send_sms("Y K12 2", sender=REPORTER_PHONE)
    send_sms("hello", sender=MIGRANT_PHONE)
    send_sms("6", sender=MIGRANT_PHONE)  # English
    send_sms("6", sender=MIGRANT_PHONE)  # Talk to a person
    send_sms("my agency kept my passport copy", sender=MIGRANT_PHONE)
    numbers = {a.kind + (a.code or ""): a.number for a in db.scalars(select(Alert))}
    assert set(numbers) == {"codedD", "codedY", "person"}
    return numbers


@pytest.fixture
def ops(app):
    network = app.extensions["bot"].network
    with app.app_context(), new_session(app) as session:
        yield session, network


def test_visible_alerts_urgent_first_then_oldest_and_police_see_coded_only(alerts, ops):
    session, network = ops
    ngo = staff_ops.visible_alerts(session, network, NGO)
    assert [a.number for a in ngo] == [alerts["codedY"], alerts["codedD"], alerts["person"]]
    police = staff_ops.visible_alerts(session, network, POLICE)
    assert [a.number for a in police] == [alerts["codedY"], alerts["codedD"]]
    assert staff_ops.visible_alerts(session, network, NGO, statuses=("closed",)) == []
    with pytest.raises(NotAllowed):
        staff_ops.visible_alerts(session, network, "visitor")


def test_visible_alert_hides_person_requests_from_the_police(alerts, ops):
    session, network = ops
    assert staff_ops.visible_alert(session, network, alerts["person"], NGO).kind == "person"
    assert staff_ops.visible_alert(session, network, alerts["codedD"], POLICE).code == "D"
    with pytest.raises(UnknownAlert):
        staff_ops.visible_alert(session, network, alerts["person"], POLICE)
    with pytest.raises(UnknownAlert):
        staff_ops.visible_alert(session, network, 999, ADMIN)


def test_take_tells_every_notified_responder_and_stops_escalation(alerts, ops, db):
    session, network = ops
    acted = staff_ops.take(session, network, alerts["codedY"], "staff:3", NGO)
    session.commit()
    assert acted.change == "acknowledged" and acted.told
    alert = db.scalar(select(Alert).where(Alert.number == alerts["codedY"]))
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", "staff:3")
    assert db.scalar(select(Escalation.status).where(Escalation.alert_id == alert.id)) \
        == "cancelled"
    bodies = [m.body for m in db.scalars(select(Message).where(Message.id.in_(acted.told)))]
    assert bodies and all(b == f"Alert {alerts['codedY']} was taken by staff:3." for b in bodies)
    assert db.scalar(select(AuditEvent.actor).where(AuditEvent.alert_id == alert.id,
                                                    AuditEvent.event == "acknowledged")) \
        == "staff:3"
    # Again by the same person: nothing changes; by someone else: refused.
    assert staff_ops.take(session, network, alerts["codedY"], "staff:3", NGO).told == []
    with pytest.raises(AlreadyTaken) as taken:
        staff_ops.take(session, network, alerts["codedY"], "staff:4", ADMIN)
    assert taken.value.args[0] == "staff:3"


def test_police_may_take_a_coded_alert_but_not_a_person_request(alerts, ops):
    session, network = ops
    assert staff_ops.take(session, network, alerts["codedD"], "staff:9", POLICE).change \
        == "acknowledged"
    with pytest.raises(UnknownAlert):
        staff_ops.take(session, network, alerts["person"], "staff:9", POLICE)


def test_close_with_an_outcome_and_a_note(alerts, ops, db):
    session, network = ops
    acted = staff_ops.close(session, network, alerts["codedD"], "referred",
                            "handed to the unit", "staff:3", NGO)
    session.commit()
    assert acted.alert.status == "closed" and acted.alert.close_note == "handed to the unit"
    event = db.scalar(select(AuditEvent).where(AuditEvent.event == "closed"))
    assert event.actor == "staff:3" and "handed" not in str(event.detail)
    with pytest.raises(AlreadyClosed):
        staff_ops.close(session, network, alerts["codedD"], "referred", None, "staff:3", NGO)
    with pytest.raises(BadOutcome):
        staff_ops.close(session, network, alerts["codedY"], "solved", None, "staff:3", NGO)
    with pytest.raises(NotAllowed):
        staff_ops.close(session, network, alerts["codedY"], "referred", None, "staff:9",
                        POLICE)
    with pytest.raises(AlreadyClosed):
        staff_ops.take(session, network, alerts["codedD"], "staff:4", NGO)


def test_notes_are_kept_out_of_the_audit_trail(alerts, ops, db):
    session, network = ops
    note = staff_ops.add_note(session, network, alerts["person"], " Called her, all fine ",
                              "staff:3", NGO)
    session.commit()
    assert db.get(AlertNote, note.id).text == "Called her, all fine"
    event = db.scalar(select(AuditEvent).where(AuditEvent.event == "noted"))
    assert event.actor == "staff:3" and "Called" not in str(event.detail)
    for text in ("", "   ", "x" * 2001):
        with pytest.raises(ValueError):
            staff_ops.add_note(session, network, alerts["person"], text, "staff:3", NGO)
    with pytest.raises(NotAllowed):
        staff_ops.add_note(session, network, alerts["codedY"], "hi", "staff:9", POLICE)


def test_reply_to_person_takes_it_and_reaches_them_on_their_channel(app, alerts, ops, db,
                                                                     fake_twilio):
    session, network = ops
    messages = staff_ops.reply_to_person(session, network, alerts["person"],
                                         "We can help. When can you talk?", "staff:3", NGO)
    session.commit()
    assert [m.author for m in messages] == ["staff:3"]
    assert messages[0].body == ("Message from our partner organisation: We can help. When "
                                "can you talk?")
    assert messages[0].encoding == "GSM-7" and messages[0].segments == 1
    alert = db.scalar(select(Alert).where(Alert.number == alerts["person"]))
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", "staff:3")
    app.extensions["bot"].outbox.deliver_due(session)
    assert any(r.form["To"] == MIGRANT_PHONE and "When can you talk?" in r.form["Body"]
               for r in fake_twilio.sent)
    assert db.scalar(select(AuditEvent.actor).where(AuditEvent.event == "answered_migrant")) \
        == "staff:3"
    # A long answer is paged within the SMS budget.
    long = staff_ops.reply_to_person(session, network, alerts["person"], "word " * 200,
                                     "staff:3", NGO)
    assert len(long) > 1 and all(m.segments <= 3 for m in long)
    with pytest.raises(UnknownAlert):
        staff_ops.reply_to_person(session, network, alerts["codedY"], "hi", "staff:3", NGO)
    with pytest.raises(NotAllowed):
        staff_ops.reply_to_person(session, network, alerts["person"], "hi", "staff:9", POLICE)
    with pytest.raises(ValueError):
        staff_ops.reply_to_person(session, network, alerts["person"], " ", "staff:3", NGO)


def test_record_view_and_the_timeline(alerts, ops, db):
    session, network = ops
    alert = staff_ops.visible_alert(session, network, alerts["codedY"], NGO)
    staff_ops.record_view(session, alert, "staff:3")
    session.commit()
    ngo = staff_ops.timeline(session, network, alert, NGO)
    assert ngo[0].event == "received" and ngo[0].actor.startswith("PE-")
    assert ngo[-1].event == "viewed" and ngo[-1].actor == "staff:3"
    assert [e.at for e in ngo] == sorted(e.at for e in ngo)
    police = staff_ops.timeline(session, network, alert, POLICE)
    assert [e.event for e in police] == [e.event for e in ngo]
    assert police[0].actor == "reporter"
    pseudonym = ngo[0].actor
    assert all(pseudonym not in (e.actor, *map(str, e.detail.values())) for e in police)
    person = staff_ops.visible_alert(session, network, alerts["person"], NGO)
    assert [e.event for e in staff_ops.timeline(session, network, person, NGO)][:2] == [
        "received", "notified"]
    with pytest.raises(UnknownAlert):
        staff_ops.timeline(session, network, person, POLICE)


def test_notifications_with_their_delivery_state(app, alerts, ops, db):
    session, network = ops
    alert = staff_ops.visible_alert(session, network, alerts["codedY"], NGO)
    app.extensions["bot"].outbox.deliver_due(session)
    rows = staff_ops.notifications(session, alert, NGO)
    assert {(r.responder, r.channel) for r in rows} == {
        ("ngo-duty", "sms"), ("ngo-duty", "telegram"), ("atu-chief", "sms")}
    assert all(r.step == 1 and r.status == "sent" for r in rows)
    assert staff_ops.notifications(session, alert, POLICE) == rows
    person = staff_ops.visible_alert(session, network, alerts["person"], NGO)
    assert {r.responder for r in staff_ops.notifications(session, person, NGO)} <= {
        "ngo-duty", "ngo-manager"}  # whoever the example rotation has on duty now
    with pytest.raises(UnknownAlert):
        staff_ops.notifications(session, person, POLICE)


def test_thread_shows_the_persons_messages_in_and_out(alerts, ops, db, send_sms):
    session, network = ops
    person = staff_ops.visible_alert(session, network, alerts["person"], NGO)
    bodies = [(m.direction, m.body) for m in staff_ops.thread(session, person, NGO)]
    assert bodies[0] == ("in", "hello")  # from before the request: the day before counts
    assert ("in", "my agency kept my passport copy") in bodies
    assert [m.created_at for m in staff_ops.thread(session, person, NGO)] == sorted(
        m.created_at for m in staff_ops.thread(session, person, NGO))
    with pytest.raises(NotAllowed):
        staff_ops.thread(session, person, POLICE)
    coded = staff_ops.visible_alert(session, network, alerts["codedY"], NGO)
    assert staff_ops.thread(session, coded, NGO) == []
    # Messages older than a day before the request are not part of it.
    session.commit()
    db.execute(Message.__table__.update().where(Message.body == "hello")
               .values(created_at=utcnow() - timedelta(days=2)))
    session.expire_all()
    assert ("in", "hello") not in [(m.direction, m.body)
                                   for m in staff_ops.thread(session, person, NGO)]


def test_the_person_got_no_classifier_answer_meanwhile(alerts, send_sms):
    # Within half an hour of the last "with our team" line: nothing.
    assert twiml_messages(send_sms("what is the minimum wage", sender=MIGRANT_PHONE)) == []
