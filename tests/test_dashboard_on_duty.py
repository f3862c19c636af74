"""The on-duty page: the alerts file's rotation, who is on duty now, and the overrides the
NGO sets (typed in the file's time zone, stored as naive UTC) and ends, each audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.models import AuditEvent, OnCallOverride, utcnow
from tests.helpers import log_in_staff, sql_count

ZONE = ZoneInfo("Asia/Phnom_Penh")  # flows/alerts.yaml's


def local(moment: datetime) -> str:
    """Naive UTC as the datetime-local value a browser sends, in the file's zone."""
    return moment.replace(tzinfo=UTC).astimezone(ZONE).strftime("%Y-%m-%dT%H:%M")


def page(response) -> str:
    return response.get_data(as_text=True)


def add(browser, contact: str = "ngo-manager", org: str = "ngo",
        starts: datetime | None = None, ends: datetime | None = None, **raw: str):
    now = utcnow()
    data = {"org": org, "contact": contact,
            "starts_at": local(starts or now - timedelta(hours=1)),
            "ends_at": local(ends or now + timedelta(hours=2)), **raw}
    return browser.post("/staff/on-duty/overrides", data=data)


def test_the_page_shows_the_rotation_and_who_is_on_duty(staff_login):
    html = page(staff_login("ngo").get("/staff/on-duty"))
    assert "Partner NGO" in html and "On duty now:" in html
    assert "Monday, Tuesday, Wednesday, Thursday, Friday" in html
    assert "08:00–18:00" in html and "18:00–08:00" in html
    assert 'action="/staff/on-duty/overrides"' in html
    assert 'for="contact-ngo"' in html and 'type="datetime-local"' in html
    assert "atu-chief" not in html  # the police unit has no rotation in the example file


def test_an_override_is_added_in_local_time_shown_and_ended(staff_login, db):
    browser = staff_login("ngo", email="coordinator@example.org")
    now = utcnow().replace(second=0, microsecond=0)
    starts, ends = now - timedelta(hours=1), now + timedelta(hours=2)
    response = add(browser, "ngo-duty", starts=starts, ends=ends)
    assert response.status_code == 302 and response.location.endswith("/staff/on-duty")
    override = db.scalar(select(OnCallOverride))
    # Typed in Phnom Penh time (UTC+7), stored as naive UTC.
    assert (override.org, override.contact) == ("ngo", "ngo-duty")
    assert (override.starts_at, override.ends_at) == (starts, ends)
    html = page(browser.get("/staff/on-duty"))
    assert "is on duty for ngo" in html  # the flash
    assert "On duty now: ngo-duty" in html and "set in the dashboard" in html
    assert f'data-override="{override.id}"' in html
    assert "On duty now" in page(browser.get("/staff/alerts"))
    response = browser.post(f"/staff/on-duty/overrides/{override.id}/end")
    assert response.status_code == 302
    db.expire_all()
    ended = db.get(OnCallOverride, override.id)
    assert ended.ends_at <= utcnow() and ended.ends_at > now - timedelta(minutes=1)
    html = page(browser.get("/staff/on-duty"))
    assert f'data-override="{override.id}"' not in html and "set in the dashboard" not in html
    trail = [(e.event, e.detail) for e in db.scalars(
        select(AuditEvent).where(AuditEvent.event.like("on_call_override%"))
        .order_by(AuditEvent.id))]
    assert [event for event, _ in trail] == ["on_call_override", "on_call_override_ended"]
    assert trail[1][1]["override"] == override.id
    actors = set(db.scalars(select(AuditEvent.actor).where(
        AuditEvent.event.like("on_call_override%"))))
    assert len(actors) == 1 and actors.pop().startswith("staff:")
    again = browser.post(f"/staff/on-duty/overrides/{override.id}/end")
    assert "already ended" in page(browser.get(again.location))


def test_a_future_override_is_listed_and_removed_before_it_starts(staff_login, db):
    browser = staff_login("ngo")
    now = utcnow().replace(second=0, microsecond=0)
    add(browser, "ngo-manager", starts=now + timedelta(days=2),
        ends=now + timedelta(days=2, hours=8))
    override = db.scalar(select(OnCallOverride))
    html = page(browser.get("/staff/on-duty"))
    assert f'data-override="{override.id}"' in html and "later" in html
    assert "set in the dashboard" not in html  # not on duty yet
    browser.post(f"/staff/on-duty/overrides/{override.id}/end")
    db.expire_all()
    removed = db.get(OnCallOverride, override.id)
    assert removed.ends_at < removed.starts_at  # it never applies
    assert f'data-override="{override.id}"' not in page(browser.get("/staff/on-duty"))


@pytest.mark.parametrize("change", [
    {"org": "atu"},  # no rotation
    {"org": "nowhere"},
    {"contact": "atu-chief"},  # not of the NGO
    {"contact": "ghost"},
    {"starts_at": ""},
    {"ends_at": "tomorrow"},
    {"starts_at": "2026-13-01T08:00"},
    {"starts_at": "２０２６-01-01T08:00"},
    {"ends_at": "²"},
    {"ends_at": "2026-01-01T08:00\x00"},
    {"ends_at": "9" * 400},
    {"starts_at": "9999-12-31T23:59"},
    {"starts_at": "0001-01-01T00:00"},
])
def test_a_wrong_override_is_refused_with_a_sentence(staff_login, db, change):
    browser = staff_login("ngo")
    response = add(browser, **change)
    assert response.status_code == 302
    html = page(browser.get(response.location))
    assert 'class="flash error"' in html
    assert sql_count(db, "on_call_overrides") == 0


def test_times_must_run_forwards_into_the_future_and_not_too_far(staff_login, db):
    browser = staff_login("ngo")
    now = utcnow()
    for starts, ends, said in (
            (now + timedelta(hours=2), now + timedelta(hours=1), "The end must be after"),
            (now - timedelta(hours=3), now - timedelta(hours=1), "The end is in the past"),
            (now, now + timedelta(days=400), "at most a year ahead")):
        response = add(browser, starts=starts, ends=ends)
        assert said in page(browser.get(response.location))
    assert sql_count(db, "on_call_overrides") == 0


def test_the_police_may_look_but_not_change(staff_login, db):
    add(staff_login("ngo"))
    override = db.scalar(select(OnCallOverride))
    police = staff_login("police")
    html = page(police.get("/staff/on-duty"))
    assert "On duty now: ngo-manager" in html
    assert "<form method=\"post\" action=\"/staff/on-duty" not in html
    assert add(police, "ngo-duty").status_code == 403
    assert police.post(f"/staff/on-duty/overrides/{override.id}/end").status_code == 403
    assert sql_count(db, "on_call_overrides") == 1
    db.expire_all()
    assert db.get(OnCallOverride, override.id).ends_at > utcnow()


@pytest.mark.parametrize("bad", ["0", "999", "x", "²", "1" * 400])
def test_ending_an_unknown_override_is_404(staff_login, bad):
    assert staff_login("ngo").post(f"/staff/on-duty/overrides/{bad}/end").status_code == 404


def test_without_a_rotation_the_page_says_what_the_ladder_does(make_app, tmp_path):
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text(encoding="utf-8"))
    data.pop("on_call")
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    app = make_app(ALERTS_FILE=str(path))
    browser = log_in_staff(app.test_client(), "ngo")
    html = page(browser.get("/staff/on-duty"))
    assert "the escalation ladder notifies the contacts the alerts file names" in html
    assert "datetime-local" not in html
    assert "On duty now" not in page(browser.get("/staff/alerts"))


def test_a_khmer_account_reads_the_page_in_khmer(staff_login):
    html = page(staff_login("ngo", locale="km").get("/staff/on-duty"))
    assert '<html lang="km">' in html and "ច័ន្ទ" in html  # Monday


def test_the_page_needs_a_login(client):
    response = client.get("/staff/on-duty")
    assert response.status_code == 302 and "/staff/login" in response.location
