"""Who is on duty: the alerts file's rotation (days, hours, overnight shifts), overrides set
by staff, the fallback to everyone of the rotation, and ladder steps that name
`on_call:<org>`, resolved when the step is sent."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import yaml
from sqlalchemy import select

from bot.alerts import on_call
from bot.alerts.codebook import CodebookError, load_codebook
from bot.config import PROJECT_ROOT
from bot.models import AuditEvent, Notification, OnCallOverride
from bot.sessions import new_session

EXAMPLE = (PROJECT_ROOT / "flows" / "alerts.yaml").read_text(encoding="utf-8")
# Asia/Phnom_Penh is UTC+7: Monday 23 November 2026, 10:00 there is 03:00 UTC.
MONDAY_10 = datetime(2026, 11, 23, 3, 0)
MONDAY_23 = datetime(2026, 11, 23, 16, 0)
TUESDAY_03 = datetime(2026, 11, 23, 20, 0)
SATURDAY_22 = datetime(2026, 11, 28, 15, 0)
SUNDAY_10 = datetime(2026, 11, 29, 3, 0)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "alerts.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    return load_codebook(path)


def write(tmp_path, data: dict):
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def test_the_example_rotation_is_read(book):
    shifts = book.on_call["ngo"]
    assert [s.contact for s in shifts] == ["ngo-duty", "ngo-manager", "ngo-manager"]
    assert shifts[1].overnight and not shifts[0].overnight


@pytest.mark.parametrize(("shift", "message"), [
    ({"contact": "nobody", "days": ["mon"], "from": "08:00", "to": "18:00"},
     "on_call 'ngo' shift 2: unknown contact 'nobody'"),
    ({"contact": "atu-chief", "days": ["mon"], "from": "08:00", "to": "18:00"},
     "on_call 'ngo' shift 2: contact 'atu-chief' is not of 'ngo'"),
    ({"contact": "ngo-duty", "days": ["monday"], "from": "08:00", "to": "18:00"},
     "on_call 'ngo' shift 2: days must be a list among mon"),
    ({"contact": "ngo-duty", "days": ["mon"], "from": 480, "to": "18:00"},
     "on_call 'ngo' shift 2: 'from' must be a time like \"08:00\""),
    ({"contact": "ngo-duty", "days": ["mon"], "from": "25:00", "to": "18:00"},
     "'from' must be a time"),
    ({"contact": "ngo-duty", "days": ["mon"], "from": "08:00", "to": "08:00"},
     "'from' and 'to' are the same time"),
    ({"contact": "ngo-duty", "days": ["mon"], "from": "08:00", "to": "18:00", "til": 1},
     "unknown key 'til'"),
])
def test_errors_in_the_rotation_name_the_line(tmp_path, shift, message):
    data = yaml.safe_load(EXAMPLE)
    data["on_call"]["ngo"].insert(1, shift)
    path = write(tmp_path, data)
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert message in str(error.value) and str(path) in str(error.value)
    assert ", line " in str(error.value)


def test_an_unknown_organisation_in_on_call_is_refused(tmp_path):
    data = yaml.safe_load(EXAMPLE)
    data["on_call"]["fbi"] = data["on_call"].pop("ngo")
    with pytest.raises(CodebookError, match=r"line \d+: on_call: unknown organisation 'fbi'"):
        load_codebook(write(tmp_path, data))


def test_a_step_may_name_on_call_of_an_organisation_with_a_rotation(tmp_path):
    data = yaml.safe_load(EXAMPLE)
    data["severities"]["report"][0]["notify"] = ["on_call:ngo"]
    assert load_codebook(write(tmp_path, data)).severities["report"][0].notify == (
        "on_call:ngo",)
    data["severities"]["report"][0]["notify"] = ["on_call:atu"]  # atu has no rotation
    with pytest.raises(CodebookError, match="unknown contacts"):
        load_codebook(write(tmp_path, data))


def ids(result) -> list[str]:
    return [c.id for c in result.contacts]


def test_the_rotation_answers_by_day_and_hour(book):
    duty = on_call.on_duty(None, book, "ngo", MONDAY_10)
    assert (ids(duty), duty.case) == (["ngo-duty"], on_call.ROTATION)
    assert duty.until == datetime(2026, 11, 23, 11, 0)  # 18:00 in Phnom Penh
    assert ids(on_call.on_duty(None, book, "ngo", SUNDAY_10)) == ["ngo-manager"]


def test_an_overnight_shift_runs_into_the_next_day(book):
    late = on_call.on_duty(None, book, "ngo", MONDAY_23)
    early = on_call.on_duty(None, book, "ngo", TUESDAY_03)
    assert ids(late) == ids(early) == ["ngo-manager"]
    assert late.until == early.until == datetime(2026, 11, 24, 1, 0)  # Tuesday 08:00
    # Friday's night shift covers Saturday 03:00; Sunday's night is nobody's.
    saturday_03 = datetime(2026, 11, 27, 20, 0)
    assert on_call.on_duty(None, book, "ngo", saturday_03).case == on_call.ROTATION
    monday_03 = datetime(2026, 11, 29, 20, 0)
    assert on_call.on_duty(None, book, "ngo", monday_03).case == on_call.FALLBACK


def test_when_no_shift_covers_now_everyone_of_the_rotation_is_on_duty(book):
    duty = on_call.on_duty(None, book, "ngo", SATURDAY_22)
    assert (ids(duty), duty.case, duty.until) == (["ngo-duty", "ngo-manager"],
                                                  on_call.FALLBACK, None)


def test_an_organisation_without_a_rotation(book):
    duty = on_call.on_duty(None, book, "atu", MONDAY_10)
    assert (ids(duty), duty.case) == (["atu-chief", "atu-deputy"], on_call.NO_ROTATION)


def test_an_override_comes_first_while_it_lasts(app, book, db):
    with app.app_context(), new_session(app) as session:
        override = on_call.add_override(session, book, "ngo", "ngo-manager",
                                        MONDAY_10 - timedelta(hours=1),
                                        MONDAY_10 + timedelta(hours=2), "staff:3")
        session.commit()
        duty = on_call.on_duty(session, book, "ngo", MONDAY_10)
        assert (ids(duty), duty.case) == (["ngo-manager"], on_call.OVERRIDE)
        assert duty.until == MONDAY_10 + timedelta(hours=2)
        after = on_call.on_duty(session, book, "ngo", MONDAY_10 + timedelta(hours=3))
        assert (ids(after), after.case) == (["ngo-duty"], on_call.ROTATION)
        before = on_call.on_duty(session, book, "ngo", MONDAY_10 - timedelta(hours=2))
        assert before.case != on_call.OVERRIDE
        assert override.created_by == "staff:3"
    event = db.scalar(select(AuditEvent).where(AuditEvent.event == "on_call_override"))
    assert event.alert_id is None and event.actor == "staff:3"
    assert event.detail["contact"] == "ngo-manager" and event.detail["org"] == "ngo"


@pytest.mark.parametrize(("org", "contact", "hours", "message"), [
    ("ngo", "atu-chief", 2, "not a contact of 'ngo'"),
    ("ngo", "nobody", 2, "not a contact of 'ngo'"),
    ("fbi", "ngo-duty", 2, "unknown organisation"),
    ("ngo", "ngo-duty", 0, "the end must be after the start"),
    ("ngo", "ngo-duty", -1, "the end must be after the start"),
])
def test_a_wrong_override_is_refused(app, book, db, org, contact, hours, message):
    with app.app_context(), new_session(app) as session:
        with pytest.raises(ValueError, match=message):
            on_call.add_override(session, book, org, contact, MONDAY_10,
                                 MONDAY_10 + timedelta(hours=hours), "staff:3")
    assert db.scalar(select(OnCallOverride)) is None


def test_a_ladder_step_on_call_is_resolved_when_it_is_sent(make_app, tmp_path, runner, db):
    """`report` alerts go to whoever is on duty: the override's contact here."""
    data = yaml.safe_load(EXAMPLE)
    data["severities"]["report"][0]["notify"] = ["on_call:ngo", "atu-chief"]
    app = make_app(ALERTS_FILE=str(write(tmp_path, data)))
    network = app.extensions["bot"].network
    from bot.models import utcnow

    with app.app_context(), new_session(app) as session:
        on_call.add_override(session, network.codebook, "ngo", "ngo-manager",
                             utcnow() - timedelta(minutes=1), utcnow() + timedelta(hours=1),
                             "staff:1")
        session.commit()
    cli = app.test_cli_runner()
    result = cli.invoke(args=["peers", "add", "+85512777003", "--role", "peer_educator",
                              "--venues", "K12"])
    assert result.exit_code == 0, result.output
    from tests.test_escalation import sms

    sms(app, "D K12 1", "+85512777003")
    assert set(db.scalars(select(Notification.responder))) == {"ngo-manager", "atu-chief"}
