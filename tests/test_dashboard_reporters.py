"""The reporters page of the staff dashboard (issue 11): enrolling with a join code shown
once, revoking, each reporter's alerts, the venues and codes of the alerts file; never a
phone number on any page, and never for the police (SAFETY 8, 12, 15, 16)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.models import Alert, AuditEvent, Reporter, StaffAccount
from tests.helpers import sql_count, telegram_text
from tests.test_twilio_sms import twiml_messages

PHONE = "+85512777001"
OTHER_PHONE = "+85512777002"
CSRF = re.compile(r'(name="csrf_token" value|name="csrf-token" content)="[^"]*"')


def page(response) -> str:
    """The page without its random CSRF tokens (which could hold any digits)."""
    return CSRF.sub("", response.get_data(as_text=True))


def enrol(client, phone: str = "", role: str = "peer_educator", venues=("K12",),
          lang: str = "km"):
    response = client.post("/staff/reporters", data={"role": role, "venues": list(venues),
                                                      "lang": lang, "phone": phone})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    body = page(response)
    pseudonym = re.search(r"(PE|WD)-\d\d", body.split("<main", 1)[1]).group(0)
    code = re.search(r"JOIN ([A-Z0-9]{10})", body).group(1)
    return response, pseudonym, code


def staff_id(db, email: str) -> int:
    return db.scalar(select(StaffAccount.id).where(StaffAccount.email == email))


def test_police_are_refused_everywhere_on_the_reporters_pages(staff_login, db):
    ngo = staff_login("ngo")
    _, pseudonym, _ = enrol(ngo)
    police = staff_login("police")
    assert police.get("/staff/reporters").status_code == 403
    assert police.get(f"/staff/reporters/{pseudonym}").status_code == 403
    assert police.post("/staff/reporters", data={"role": "watchdog", "lang": "km"}
                       ).status_code == 403
    response = police.post(f"/staff/reporters/{pseudonym}/revoke")
    assert response.status_code == 403 and pseudonym not in response.get_data(as_text=True)
    assert sql_count(db, "reporters") == 1
    assert db.scalar(select(Reporter)).active
    assert "/staff/reporters" not in police.get("/staff/account").get_data(as_text=True)


def test_the_join_code_is_shown_once_and_works(staff_login, send_sms, db, fake_twilio):
    ngo = staff_login("ngo")
    response, pseudonym, code = enrol(ngo)
    assert pseudonym == "PE-01"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"JOIN {code}" in page(response)
    # Not kept: not in the browser's session, not on the page the next time.
    with ngo.session_transaction() as browser:
        assert code not in repr(dict(browser))
    again = page(ngo.get("/staff/reporters"))
    assert code not in again and pseudonym in again
    assert "no-store" not in (ngo.get("/staff/reporters").headers.get("Cache-Control") or "")
    # The code links the phone; then a coded message raises an alert credited to PE-01.
    send_sms(f"JOIN {code}", sender=PHONE)
    assert twiml_messages(send_sms("Y K12 2", sender=PHONE)) == ["OK 1"]
    alert = db.scalar(select(Alert))
    reporter = db.scalar(select(Reporter))
    assert alert.reporter_id == reporter.id and alert.code == "Y"
    # Used once: another phone cannot take it.
    send_sms(f"JOIN {code}", sender=OTHER_PHONE)
    send_sms("D K12", sender=OTHER_PHONE)
    assert sql_count(db, "alerts") == 1


def test_a_telegram_chat_joins_with_the_code(staff_login, send_update, db):
    ngo = staff_login("ngo")
    _, pseudonym, code = enrol(ngo, role="watchdog", lang="en")
    assert pseudonym == "WD-01"
    send_update(telegram_text(5151, f"JOIN {code}"))
    send_update(telegram_text(5151, "D K12"))
    assert db.scalar(select(Alert)).code == "D"
    assert "Telegram" in page(ngo.get("/staff/reporters/WD-01"))


def test_a_phone_given_at_enrolment_is_masked_and_no_page_shows_its_digits(
        staff_login, send_sms, db):
    ngo = staff_login("ngo")
    response, pseudonym, _ = enrol(ngo, phone="+855 12-777 001")
    body = page(response)
    assert "+855•••••7001" in body
    assert "85512777001" not in body and "12777001" not in body and "777 001" not in body
    # The phone is linked at once: its codes work without JOIN.
    assert twiml_messages(send_sms("Y K12", sender=PHONE)) == ["OK 1"]
    for url in ("/staff/reporters", f"/staff/reporters/{pseudonym}"):
        text = page(ngo.get(url))
        assert pseudonym in text
        for digits in ("85512777001", "12777001", "777001", "7001", "•••••"):
            assert digits not in text, (url, digits)


def test_revoking_stops_the_codes_at_once(staff_login, send_sms, db):
    ngo = staff_login("ngo")
    _, pseudonym, _ = enrol(ngo, phone=PHONE)
    send_sms("Y K12", sender=PHONE)
    assert sql_count(db, "alerts") == 1
    reporter_page = page(ngo.get(f"/staff/reporters/{pseudonym}"))
    assert "data-confirm" in reporter_page
    assert f"/staff/reporters/{pseudonym}/revoke" in reporter_page
    response = ngo.post(f"/staff/reporters/{pseudonym}/revoke")
    assert response.status_code == 302
    after = page(ngo.get(response.location))
    assert "Revoked" in after and f"/staff/reporters/{pseudonym}/revoke" not in after
    send_sms("D K12", sender=PHONE)
    assert sql_count(db, "alerts") == 1
    assert not db.scalar(select(Reporter)).active
    # Again: nothing changes, no second audit row.
    assert ngo.post(f"/staff/reporters/{pseudonym}/revoke").status_code == 302
    assert sql_count(db, "audit_events", "event = 'reporter_revoked'") == 1


def test_enrol_revoke_and_view_are_audited_with_the_pseudonym_only(staff_login, db):
    ngo = staff_login("ngo", email="coordinator@example.org")
    _, pseudonym, code = enrol(ngo, phone=PHONE)
    ngo.get(f"/staff/reporters/{pseudonym}")
    ngo.post(f"/staff/reporters/{pseudonym}/revoke")
    actor = f"staff:{staff_id(db, 'coordinator@example.org')}"
    rows = db.scalars(select(AuditEvent).where(AuditEvent.event.like("reporter_%"))
                      .order_by(AuditEvent.id)).all()
    assert [(r.event, r.actor, r.alert_id, r.detail) for r in rows] == [
        ("reporter_enrolled", actor, None, {"pseudonym": pseudonym}),
        ("reporter_viewed", actor, None, {"pseudonym": pseudonym}),
        ("reporter_revoked", actor, None, {"pseudonym": pseudonym}),
    ]
    everything = repr([(r.actor, r.event, r.detail) for r in db.scalars(select(AuditEvent))])
    assert code not in everything and "7001" not in everything


@pytest.mark.parametrize("form", [
    {"role": "admin", "venues": ["K12"], "lang": "km"},
    {"role": "", "lang": "km"},
    {"role": "peer_educator", "venues": ["K99"], "lang": "km"},
    {"role": "peer_educator", "venues": ["K12\x00"], "lang": "km"},
    {"role": "peer_educator", "venues": ["K12"], "lang": "xx"},
    {"role": "peer_educator", "venues": ["K12"], "lang": "km\x00"},
    {"role": "peer_educator", "venues": ["K12"], "lang": "km", "phone": "12345"},
    {"role": "peer_educator", "venues": ["K12"], "lang": "km", "phone": "+²⁸⁵⁵¹²³⁴⁵⁶⁷⁸"},
    {"role": "peer_educator", "venues": ["K12"], "lang": "km", "phone": "+855" + "1" * 400},
    {"role": "peer_educator", "venues": ["K12"], "lang": "km", "phone": "+85512345678\x00"},
    {"role": "③", "venues": ["③"], "lang": "③", "phone": "③"},
])
def test_bad_enrolment_input_is_a_400_page_and_enrols_nobody(staff_login, db, form):
    ngo = staff_login("ngo")
    response = ngo.post("/staff/reporters", data=form)
    assert response.status_code == 400
    body = page(response)
    assert "was not enrolled" in body and not re.search(r"JOIN [A-Z0-9]{10}", body)
    assert sql_count(db, "reporters") == 0
    phone = form.get("phone", "")
    if len(phone) > 6:
        assert phone not in body


@pytest.mark.parametrize("pseudonym", ["PE-99", "pe-01", "X" * 400, "PE-" + "9" * 400, "²",
                                       "PE-01%00", "..%2F..%2Fetc"])
def test_an_unknown_reporter_is_a_404(staff_login, pseudonym):
    ngo = staff_login("ngo")
    enrol(ngo)
    assert ngo.get(f"/staff/reporters/{pseudonym}").status_code == 404
    assert ngo.post(f"/staff/reporters/{pseudonym}/revoke").status_code == 404


def test_a_reporters_page_lists_their_alerts(app, staff_login, send_sms, db):
    ngo = staff_login("ngo")
    _, pseudonym, _ = enrol(ngo, phone=PHONE)
    send_sms("Y K12 2", sender=PHONE)
    send_sms("D K12", sender=PHONE)
    body = page(ngo.get(f"/staff/reporters/{pseudonym}"))
    main = body.split("<main", 1)[1]
    for text in ("worker who looks under 18", "debt bondage", "K12", "Karaoke on Street 7",
                 "Open"):
        assert text in main
    numbers = [a.number for a in db.scalars(select(Alert))]
    for number in numbers:
        assert re.search(rf'<a href="/staff/alerts/{number}">{number}</a>', main)
    listing = page(ngo.get("/staff/reporters"))
    row = re.search(rf"<tr>\s*<td><a [^>]*>{pseudonym}</a>.*?</tr>", listing, re.DOTALL).group(0)
    assert ">2</td>" in row  # two alerts


def test_the_codebook_is_shown_read_only_with_duress_codes(staff_login):
    body = page(staff_login("ngo").get("/staff/reporters"))
    for text in ("K12", "Karaoke on Street 7", "Sihanoukville", "worker who looks under 18",
                 "debt bondage", "reporter in danger", "urgent", "alerts file"):
        assert text in body
    duress_row = re.search(r"<tr><td>X</td>.*?</tr>", body, re.DOTALL).group(0)
    assert "Yes" in duress_row
    assert 'id="venue-K12"' in body and 'for="venue-K12"' in body


def test_a_khmer_account_reads_the_pages_in_khmer(staff_login):
    ngo = staff_login("ngo", locale="km")
    _, pseudonym, _ = enrol(ngo)
    for url in ("/staff/reporters", f"/staff/reporters/{pseudonym}"):
        body = ngo.get(url).get_data(as_text=True)
        assert '<html lang="km">' in body
    # The code's meaning in the reader's language.
    assert "កម្មករដែលមើលទៅអាយុក្រោម 18 ឆ្នាំ" in ngo.get("/staff/reporters").get_data(as_text=True)


def test_an_admin_may_enrol(staff_login):
    _, pseudonym, _ = enrol(staff_login("admin"), role="watchdog")
    assert pseudonym == "WD-01"
