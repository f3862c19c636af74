"""The staff dashboard's alert queue, its live feed and the page of one alert, through the
real webhooks (alerts raised by an enrolled reporter's SMS) and a logged-in browser."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.models import Alert, AlertNote, AuditEvent, StaffAccount
from tests.helpers import sql_count
from tests.test_alerts import REPORTER_PHONE, enrol

NGO_EMAIL = "case-worker@example.org"


def raise_coded(runner, send_sms, *texts: str) -> str:
    pseudonym, _ = enrol(runner)
    for text in texts:
        assert send_sms(text, sender=REPORTER_PHONE).status_code == 200
    return pseudonym


def raise_migrant(send_sms) -> None:
    for text in ("hello", "6", "help they locked me in the room", "1"):  # 1: ask our partner
        send_sms(text)


def page(response) -> str:
    return response.get_data(as_text=True)


def account_id(db, email: str) -> int:
    return db.scalar(select(StaffAccount.id).where(StaffAccount.email == email))


def events(db, number: int) -> list[AuditEvent]:
    alert_id = db.scalar(select(Alert.id).where(Alert.number == number))
    return list(db.scalars(select(AuditEvent).where(AuditEvent.alert_id == alert_id)
                           .order_by(AuditEvent.at, AuditEvent.id)))


def test_the_queue_lists_urgent_alerts_first(runner, send_sms, staff_login):
    raise_coded(runner, send_sms, "D K12", "Y K12 2")  # 1: report, 2: urgent
    html = page(staff_login("ngo").get("/staff/alerts"))
    numbers = re.findall(r'data-number="(\d+)"', html)
    assert numbers == ["2", "1"]
    assert "Urgent" in html and "Not urgent" in html  # the severity in words, not colour
    assert "worker who looks under 18" in html and "debt bondage" in html
    assert "K12 Karaoke on Street 7, Sihanoukville" in html
    assert "ngo-duty" in html  # who was told
    assert 'action="/staff/alerts/2/take"' in html
    assert "staff-queue.js" in html and "<script>" not in html


def test_the_feed_changes_when_an_alert_arrives_and_records_no_view(runner, send_sms,
                                                                    staff_login, db):
    raise_coded(runner, send_sms, "D K12")
    browser = staff_login("ngo")
    first = browser.get("/staff/alerts/feed")
    assert first.status_code == 200 and first.is_json
    again = browser.get("/staff/alerts/feed").get_json()
    assert again["version"] == first.get_json()["version"]  # nothing changed, same version
    send_sms("Y K12 3", sender=REPORTER_PHONE)
    later = browser.get("/staff/alerts/feed").get_json()
    assert later["version"] != again["version"]
    assert 'data-number="2"' in later["html"] and later["numbers"] == [2, 1]
    assert sql_count(db, "audit_events", "event = 'viewed'") == 0


def test_take_in_one_post_and_a_second_taker_is_told(runner, send_sms, staff_login, db,
                                                     fake_twilio):
    raise_coded(runner, send_sms, "Y K12 2")
    first = staff_login("ngo", email=NGO_EMAIL)
    response = first.post("/staff/alerts/1/take", data={"back": "queue"})
    assert response.status_code == 302 and response.location.endswith("/staff/alerts")
    assert "Thank you. Alert 1 is yours." in page(first.get("/staff/alerts"))
    alert = db.scalar(select(Alert))
    assert (alert.status, alert.acknowledged_by) == (
        "acknowledged", f"staff:{account_id(db, NGO_EMAIL)}")
    # The responders told of it hear who took it, at once.
    assert any("was taken by" in r.form["Body"] for r in fake_twilio.sent)
    second = staff_login("ngo", email="other@example.org")
    response = second.post("/staff/alerts/1/take")
    assert response.status_code == 302
    shown = page(second.get(response.location))
    assert f"Alert 1 was already taken by {NGO_EMAIL}." in shown
    assert db.scalar(select(Alert.acknowledged_by)) == f"staff:{account_id(db, NGO_EMAIL)}"


def test_note_close_and_the_timeline_in_order(runner, send_sms, staff_login, db):
    pseudonym = raise_coded(runner, send_sms, "Y K12 2")
    browser = staff_login("ngo", email=NGO_EMAIL)
    browser.post("/staff/alerts/1/take")
    assert browser.get("/staff/alerts/1").status_code == 200
    response = browser.post("/staff/alerts/1/note", data={"text": "Called the owner."})
    assert response.status_code == 302 and response.location.endswith("/staff/alerts/1")
    response = browser.post("/staff/alerts/1/close",
                            data={"outcome": "referred", "note": "Police went at 9."})
    assert response.status_code == 302
    html = page(browser.get("/staff/alerts/1"))
    assert "Alert 1 is closed: referred to police." in html
    assert "Called the owner." in html and "Police went at 9." in html
    assert pseudonym in html  # the NGO sees who reported
    timeline = re.findall(r'<li data-event="(\w+)">', html)
    wanted = ["received", "notified", "acknowledged", "viewed", "noted", "closed", "viewed"]
    rest = timeline
    for event in wanted:
        assert event in rest, (event, timeline)
        rest = rest[rest.index(event) + 1:]
    timeline_html = html[html.index('id="timeline-heading"'):]
    assert NGO_EMAIL in timeline_html and "staff:" not in timeline_html
    alert = db.scalar(select(Alert))
    assert (alert.status, alert.outcome, alert.close_note) == (
        "closed", "referred", "Police went at 9.")
    assert db.scalar(select(AlertNote.text)) == "Called the owner."
    actor = f"staff:{account_id(db, NGO_EMAIL)}"
    mine = [(e.event, e.detail) for e in events(db, 1) if e.actor == actor]
    assert [event for event, _ in mine] == ["acknowledged", "viewed", "noted", "closed",
                                            "viewed"]
    assert all("Called" not in str(detail) and "Police went" not in str(detail)
               for _, detail in mine)  # no free text in the audit trail


def test_closing_twice_and_bad_outcomes_are_flashes(runner, send_sms, staff_login, db):
    raise_coded(runner, send_sms, "Y K12 2")
    browser = staff_login("ngo")
    response = browser.post("/staff/alerts/1/close", data={"outcome": "shrug"})
    assert response.status_code == 302
    assert "Choose how the alert ended." in page(browser.get(response.location))
    assert db.scalar(select(Alert.status)) == "open"
    browser.post("/staff/alerts/1/close", data={"outcome": "false_alarm"})
    response = browser.post("/staff/alerts/1/close", data={"outcome": "referred"})
    assert "Alert 1 was already closed: false alarm." in page(browser.get(response.location))
    response = browser.post("/staff/alerts/1/take")
    assert "already closed" in page(browser.get(response.location))
    for text in ("", "   ", "x" * 2001):
        response = browser.post("/staff/alerts/1/note", data={"text": text})
        assert response.status_code == 302
        assert "at most 2000 characters" in page(browser.get(response.location))
    assert sql_count(db, "alert_notes") == 0


def test_police_see_coded_alerts_without_who_reported(runner, send_sms, staff_login, db):
    pseudonym = raise_coded(runner, send_sms, "Y K12 2 she looks 15")
    ngo = staff_login("ngo", email=NGO_EMAIL)
    ngo.post("/staff/alerts/1/note", data={"text": "Secret NGO note"})
    raise_migrant(send_sms)
    migrant_number = db.scalar(select(Alert.number).where(Alert.kind == "migrant"))
    police = staff_login("police")
    queue = page(police.get("/staff/alerts"))
    feed = police.get("/staff/alerts/feed").get_json()["html"]
    detail = police.get("/staff/alerts/1")
    assert detail.status_code == 200
    detail_html = page(detail)
    for html in (queue, feed, detail_html):
        assert "PE-" not in html and pseudonym not in html
        assert "Secret NGO note" not in html and NGO_EMAIL not in html
        assert f'data-number="{migrant_number}"' not in html
    assert re.findall(r'data-number="(\d+)"', queue) == ["1"]
    assert 'id="notes-heading"' not in detail_html and "note-text" not in detail_html
    assert "the reporter" in detail_html  # the timeline names the reporter by role only
    assert police.get(f"/staff/alerts/{migrant_number}").status_code == 404
    assert police.post(f"/staff/alerts/{migrant_number}/take").status_code in (403, 404)
    assert police.post("/staff/alerts/1/note", data={"text": "x"}).status_code == 403
    assert police.post("/staff/alerts/1/close",
                       data={"outcome": "referred"}).status_code == 403
    assert db.scalar(select(Alert.status).where(Alert.number == 1)) == "open"
    assert sql_count(db, "alert_notes") == 1
    # The police may take a coded alert.
    assert police.post("/staff/alerts/1/take").status_code == 302
    police_id = account_id(db, "police-en@example.org")
    assert db.scalar(select(Alert.acknowledged_by).where(Alert.number == 1)) == \
        f"staff:{police_id}"
    viewed = [e.actor for e in events(db, 1) if e.event == "viewed"]
    assert viewed == [f"staff:{police_id}"]
    assert not [e for e in events(db, migrant_number) if e.event == "viewed"]


def test_the_ngo_opens_a_migrants_alert(send_sms, staff_login, db):
    raise_migrant(send_sms)
    number = db.scalar(select(Alert.number).where(Alert.kind == "migrant"))
    html = page(staff_login("ngo").get(f"/staff/alerts/{number}"))
    assert "migrant in danger" in html
    assert "atu-chief" not in html.split('id="ladder-heading"')[1]  # never the police


@pytest.mark.parametrize("number", ["0", "99", "abc", "²", "③", "1.5", "-1", "1" * 400,
                                    "%00", "9" * 10])
def test_bad_numbers_are_404(runner, send_sms, staff_login, number):
    raise_coded(runner, send_sms, "Y K12 2")
    browser = staff_login("ngo")
    assert browser.get(f"/staff/alerts/{number}").status_code == 404
    for action in ("take", "note", "close"):
        response = browser.post(f"/staff/alerts/{number}/{action}",
                                data={"text": "x", "outcome": "referred"})
        assert response.status_code == 404


def test_the_pages_need_a_login_and_a_role(client, runner, send_sms):
    raise_coded(runner, send_sms, "Y K12 2")
    for url in ("/staff/alerts", "/staff/alerts/feed", "/staff/alerts/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.location
    assert client.post("/staff/alerts/1/take").status_code in (302, 400)


def test_a_khmer_account_reads_the_queue_in_khmer(runner, send_sms, staff_login):
    raise_coded(runner, send_sms, "Y K12 2")
    browser = staff_login("ngo", locale="km")
    for url in ("/staff/alerts", "/staff/alerts/1"):
        html = page(browser.get(url))
        assert '<html lang="km">' in html
        assert 'lang="km">កម្មករដែលមើលទៅអាយុក្រោម 18 ឆ្នាំ' in html


def test_a_person_request_is_for_the_ngo_only(send_update, staff_login, db):
    from tests.helpers import telegram_button, telegram_text

    chat = 424242
    for update in (telegram_text(chat, "/start"), telegram_button(chat, "lang:en"),
                   telegram_text(chat, "6")):  # 6: talk to a person
        assert send_update(update).status_code == 200
    number = db.scalar(select(Alert.number).where(Alert.kind == "person"))
    assert number is not None
    ngo = staff_login("ngo")
    assert f'data-number="{number}"' in page(ngo.get("/staff/alerts"))
    html = page(ngo.get(f"/staff/alerts/{number}"))
    assert "asks to talk to a person" in html and "whoever is on duty at the NGO" in html
    police = staff_login("police")
    assert f'data-number="{number}"' not in page(police.get("/staff/alerts"))
    assert police.get(f"/staff/alerts/{number}").status_code == 404
