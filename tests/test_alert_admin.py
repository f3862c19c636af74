"""The alerts file checked at start, the monthly report, and meeting reminders."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
import yaml

from bot.alerts.codebook import CodebookError, load_codebook
from bot.alerts.meetings import next_meeting
from bot.alerts.reminders import send_meeting_reminders
from bot.config import PROJECT_ROOT
from bot.models import Alert, Message, Reporter
from bot.sessions import new_session

EXAMPLE = (PROJECT_ROOT / "flows" / "alerts.yaml").read_text(encoding="utf-8")


def test_the_example_alerts_file_loads():
    book = load_codebook(PROJECT_ROOT / "flows" / "alerts.yaml")
    assert book.top_severity == "urgent" and book.codes["X"].duress
    assert book.is_police("atu-chief") and not book.is_police("ngo-duty")


@pytest.mark.parametrize(("change", "message"), [
    (("notify: [ngo-duty, atu-chief]", "notify: [ngo-duty, nobody]"),
     "line 14: severity 'urgent' step 1: unknown contacts ['nobody']"),
    (("after: 10m", "after: soon"), "line 15: severity 'urgent' step 2: 'after'"),
    (("    severity: report\n", "    severity: later\n"),
     "line 30: code 'D': severity must be one of"),
    (("org: atu, sms: \"+85512000004\"", "org: fbi, sms: \"+85512000004\""),
     "line 11: contact 'atu-deputy': unknown org 'fbi'"),
    (('ack_reply: "OK {number}"', 'ack_reply: "OK"'), "ack_reply must contain {number}"),
    (('"first monday 10:00"', '"every day"'), "meeting 1: 'when' must look like"),
])
def test_errors_in_the_alerts_file_name_the_line(tmp_path, change, message):
    path = tmp_path / "alerts.yaml"
    assert change[0] in EXAMPLE
    path.write_text(EXAMPLE.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert message in str(error.value) and str(path) in str(error.value)


def seed(app, db) -> None:
    """October 2026: 3 × Y, 2 × D, 1 × T (transfer); September: 1 × D."""
    october = datetime(2026, 10, 1, 3)
    data = [("Y", "K12", october + timedelta(days=1), 5),
            ("Y", "K12", october + timedelta(days=8), 15),
            ("Y", "B03", october + timedelta(days=19), None),
            ("D", "K12", october + timedelta(days=20), 40),
            ("D", "B03", october + timedelta(days=29), 10),
            ("T", "B03", october + timedelta(days=14), 20),
            ("D", "K12", datetime(2026, 9, 10, 3), 30),
            # 31 October 20:00 UTC is already 1 November in Phnom Penh: not October's.
            ("Y", "K12", datetime(2026, 10, 31, 20), None)]
    reporter = Reporter(pseudonym="PE-07", role="peer_educator", venues=["K12"], locale="km")
    db.add(reporter)
    db.flush()
    for number, (code, venue, at, minutes) in enumerate(data, start=1):
        db.add(Alert(number=number, code=code, venue=venue, severity="report", created_at=at,
                     reporter_id=reporter.id, status="acknowledged" if minutes else "open",
                     acknowledged_at=at + timedelta(minutes=minutes) if minutes else None))
    db.commit()


@pytest.fixture
def report_app(make_app, tmp_path):
    data = yaml.safe_load(EXAMPLE)
    data["codes"]["T"] = {"meaning": "workers moved between venues", "severity": "report"}
    data["venues"].append({"code": "B03", "name": "Beer garden 3", "area": "Sihanoukville"})
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return make_app(ALERTS_FILE=str(path))


def test_monthly_report_in_text_and_csv(report_app, db):
    seed(report_app, db)
    runner = report_app.test_cli_runner()
    result = runner.invoke(args=["report", "monthly", "--month", "2026-10"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "6 alerts (previous month 1)" in text
    assert "Y     worker who looks under 18" in text and "   3  (+3)" in text
    assert "debt bondage: 2 (+1 on last month)" in text
    assert "workers moved between venues: 1 (+1 on last month)" in text
    assert "median 15.0 min, worst 40 min" in text.replace("40.0", "40")
    assert "Not acknowledged: 1" in text
    assert "PE-07" not in text
    rows = list(csv.reader(io.StringIO(runner.invoke(
        args=["report", "monthly", "--month", "2026-10", "--csv"]).output)))
    assert ["code", "Y", "worker who looks under 18", "3", "0"] in rows
    assert ["venue", "K12", "", "3", ""] in rows and ["venue", "B03", "", "3", ""] in rows
    assert ["ack_minutes", "worst", "", "40.0", ""] in rows
    assert ["week", "week 3", "", "3", ""] in rows and ["week", "week 5", "", "1", ""] in rows
    assert not any("PE-07" in cell for row in rows for cell in row)
    bad = runner.invoke(args=["report", "monthly", "--month", "October"])
    assert bad.exit_code != 0 and "YYYY-MM" in bad.output


def test_next_meeting():
    assert next_meeting("first monday 10:00", datetime(2026, 11, 23)) == datetime(2026, 12, 7, 10)
    assert next_meeting("last friday 09:30", datetime(2026, 11, 1)) == datetime(2026, 11, 27, 9, 30)


def test_meeting_reminders_once_a_day_ahead(app, db, runner):
    services = app.extensions["bot"]
    result = runner.invoke(args=["peers", "add", "+85512777009", "--role", "peer_educator"])
    assert result.exit_code == 0
    # 7 December 2026 10:00 in Phnom Penh is 03:00 UTC; a day ahead is 6 December 03:00.
    too_early = datetime(2026, 12, 5, 3, 0)
    on_time = datetime(2026, 12, 6, 4, 0)
    with new_session(app) as session:
        assert send_meeting_reminders(session, services, too_early) == 0
        sent = send_meeting_reminders(session, services, on_time)
        assert send_meeting_reminders(session, services, on_time + timedelta(hours=1)) == 0
    # ngo-duty (SMS and Telegram), atu-chief (SMS), and the reporter.
    assert sent == 4
    bodies = [m.body for m in db.query(Message).filter(Message.direction == "out")]
    staff = [b for b in bodies if b.startswith("Reminder: monthly meeting")]
    assert len(staff) == 3
    to_reporter = [b for b in bodies if not b.startswith("Reminder")]
    assert len(to_reporter) == 1
    assert not any(w in to_reporter[0].lower() for w in ("meeting", "alert", "police", "report"))
