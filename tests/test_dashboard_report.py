"""The monthly report page of the staff dashboard (issue 11): the figures of
bot.alerts.report, changes on the month before with the watched trends, charts as SVG with
their own policy, the CSV, month validation, police reading it without reporter identity."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.alerts import report
from bot.models import Alert, AuditEvent
from bot.sessions import new_session
from tests.helpers import sql_count

MONTH, BEFORE = "2026-10", "2026-09"
PHONE = "+85512777001"
SVG = "{http://www.w3.org/2000/svg}"
CHARTS = ("weekly", "venues", "acknowledge")


def add_alert(db, number: int, code: str, at: datetime, venue: str = "K12",
              waited: float | None = None, reporter_id: int | None = None) -> None:
    db.add(Alert(number=number, kind="coded", code=code, venue=venue, count=1,
                 severity="urgent" if code in ("Y", "X") else "report", created_at=at,
                 updated_at=at, reporter_id=reporter_id,
                 status="acknowledged" if waited is not None else "open",
                 acknowledged_by="ngo-duty" if waited is not None else None,
                 acknowledged_at=at + timedelta(minutes=waited) if waited is not None else None))
    db.commit()


@pytest.fixture
def october(db):
    """Alerts in October 2026 (Phnom Penh time) and one in September."""
    add_alert(db, 1, "D", datetime(2026, 9, 10, 3), waited=20)
    add_alert(db, 2, "D", datetime(2026, 10, 2, 3), waited=3)
    add_alert(db, 3, "D", datetime(2026, 10, 9, 3), waited=45)
    add_alert(db, 4, "Y", datetime(2026, 10, 9, 4), venue="B03", waited=300)
    add_alert(db, 5, "D", datetime(2026, 10, 30, 3))
    # 31 October 20:00 UTC is 1 November in Phnom Penh: not October's.
    add_alert(db, 6, "Y", datetime(2026, 10, 31, 20))


def expected(app, month: str) -> dict:
    with app.app_context(), new_session() as session:
        return report.monthly(session, app.extensions["alerts"].codebook, month)


def test_the_report_shows_the_months_figures_and_changes(app, staff_login, october):
    response = staff_login("ngo").get(f"/staff/report?month={MONTH}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    data = expected(app, MONTH)
    assert data["total"] == 4 and data["total_before"] == 1
    assert f"Monthly report {MONTH}" in body
    main = body.split("<main", 1)[1]
    assert "<dd>4</dd>" in main and "<dd>1</dd>" in main and "<dd>+3</dd>" in main
    # Debt bondage is watched: 3 this month against 1, called out.
    watch = re.search(r'<div class="card watch">.*?</div>', main, re.DOTALL).group(0)
    assert "debt bondage" in watch and "+2" in watch
    # Every number of the charts is in a table too.
    for venue, count in data["by_venue"]:
        assert re.search(rf"<td>{venue}</td>.*?<td class=\"num\">{count}</td>", main, re.DOTALL)
    assert "Week 1" in main and "Week 5" in main
    for name in CHARTS:
        assert re.search(rf'<img src="/staff/report/chart/{name}.svg\?month={MONTH}" alt="[^"]+"',
                         main)
    assert "staff-report.css" in body and f"/staff/report.csv?month={MONTH}" in body
    assert "Print" in body
    assert f"/staff/report?month={BEFORE}" in body and "/staff/report?month=2026-11" in body


def test_the_default_is_the_last_full_month(app, staff_login):
    book = app.extensions["alerts"].codebook
    month = report.last_full_month(book)
    body = staff_login("ngo").get("/staff/report").get_data(as_text=True)
    assert f"Monthly report {month}" in body
    now = datetime.now(UTC).astimezone(book.timezone)
    assert month == report.previous_month(f"{now.year:04d}-{now.month:02d}")


def test_the_charts_are_svg_with_their_own_policy(app, staff_login, october):
    client = staff_login("ngo")
    for name in CHARTS:
        response = client.get(f"/staff/report/chart/{name}.svg?month={MONTH}")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Content-Security-Policy"] == \
            "default-src 'none'; style-src 'unsafe-inline'"
        root = ET.fromstring(response.data)  # noqa: S314 (the app's own output)
        assert root.tag == f"{SVG}svg"
        assert root.findall(f".//{SVG}script") == [] and b"<script" not in response.data
        assert root.findall(f".//{SVG}style")  # pygal's inline style, allowed by the policy
    weekly = client.get(f"/staff/report/chart/weekly.svg?month={MONTH}").get_data(as_text=True)
    assert "Week 1" in weekly and ">D<" in weekly
    # The page itself keeps the app's policy.
    page = client.get(f"/staff/report?month={MONTH}").headers["Content-Security-Policy"]
    assert "default-src 'self'" in page and "unsafe-inline" not in page


def test_a_month_without_alerts_draws_empty_charts(staff_login):
    client = staff_login("ngo")
    for name in CHARTS:
        response = client.get(f"/staff/report/chart/{name}.svg?month=2020-02")
        assert response.status_code == 200 and "No alerts this month" in response.get_data(
            as_text=True)
        ET.fromstring(response.data)  # noqa: S314
    assert client.get("/staff/report/chart/pie.svg").status_code == 404


def test_the_csv_is_the_reports_csv(app, staff_login, october):
    response = staff_login("ngo").get(f"/staff/report.csv?month={MONTH}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="report-{MONTH}.csv"'
    assert response.get_data(as_text=True) == report.as_csv(expected(app, MONTH))


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1", "26-10", "²⁰²⁶-¹⁰",
                                   "٢٠٢٦-١٠", "2026-10\x00", "2026-10\n", "9" * 400, "0000-01",
                                   "9999-12", "2026-10-01", " 2026-10", "October"])
def test_a_bad_month_is_a_400_page_with_the_sentence(staff_login, month):
    client = staff_login("ngo")
    for url in ("/staff/report", "/staff/report.csv", "/staff/report/chart/weekly.svg"):
        response = client.get(url, query_string={"month": month})
        assert response.status_code == 400, (url, month)
        assert "YYYY-MM" in response.get_data(as_text=True)


def test_police_read_the_report_but_never_a_pseudonym(app, runner, staff_login, send_sms, db):
    result = runner.invoke(args=["peers", "add", PHONE, "--role", "peer_educator", "--venues",
                                 "K12"])
    assert result.exit_code == 0, result.output
    send_sms("D K12 2", sender=PHONE)
    alert = db.scalar(select(Alert))
    book = app.extensions["alerts"].codebook
    at = alert.created_at.replace(tzinfo=UTC).astimezone(book.timezone)
    month = f"{at.year:04d}-{at.month:02d}"
    police = staff_login("police")
    responses = [police.get(f"/staff/report?month={month}"),
                 police.get(f"/staff/report.csv?month={month}"),
                 *(police.get(f"/staff/report/chart/{name}.svg?month={month}")
                   for name in CHARTS)]
    for response in responses:
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "PE-01" not in text and "7001" not in text
    assert "debt bondage" in responses[0].get_data(as_text=True)
    assert responses[1].get_data(as_text=True) == report.as_csv(expected(app, month))


def test_viewing_and_exporting_are_audited_with_the_month(staff_login, db):
    client = staff_login("police", email="atu@example.org")
    client.get(f"/staff/report?month={MONTH}")
    client.get(f"/staff/report.csv?month={MONTH}")
    client.get(f"/staff/report/chart/weekly.svg?month={MONTH}")
    client.get("/staff/report?month=2026-13")
    rows = db.scalars(select(AuditEvent).where(AuditEvent.event.like("report_%"))
                      .order_by(AuditEvent.id)).all()
    assert [(r.event, r.alert_id, r.detail) for r in rows] == [
        ("report_viewed", None, {"month": MONTH}), ("report_exported", None, {"month": MONTH})]
    assert all(r.actor.startswith("staff:") for r in rows)
    assert sql_count(db, "alerts") == 0


def test_the_report_needs_a_login(client):
    for url in ("/staff/report", "/staff/report.csv", "/staff/report/chart/weekly.svg"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.location


def test_a_khmer_account_reads_the_report_in_khmer(staff_login, october):
    body = staff_login("ngo", locale="km").get(f"/staff/report?month={MONTH}").get_data(
        as_text=True)
    assert '<html lang="km">' in body
    assert "ជាប់បំណុល" in body  # the code's meaning in Khmer


def test_month_helpers():
    assert report.parse_month("2026-10") == "2026-10"
    assert report.next_month("2026-12") == "2027-01"
    assert report.previous_month("2026-01") == "2025-12"
    assert report.ack_histogram([0, 4.9, 5, 59, 240, 10_000]) == [
        (0, 5, 2), (5, 15, 1), (15, 30, 0), (30, 60, 1), (60, 240, 0), (240, None, 2)]
    for bad in (None, 202610, "2026-13", "2026-1"):
        with pytest.raises(report.BadMonth):
            report.parse_month(bad)
