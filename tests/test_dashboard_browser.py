"""The staff dashboard in a real browser (issue 11): Debian's Chromium driven by Playwright
at 360 × 740 CSS pixels, against the web and clock processes as a host runs them, with
Twilio and Telegram played by the local fake servers. Screenshots of the queue, the inbox
and the report page go to $TEST_ARTIFACTS (default test-artifacts/) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.alerts import on_call, reporters
from bot.models import Alert, Escalation, utcnow
from bot.services import services
from bot.sessions import new_session
from bot.staff import accounts
from tests.dashboard_server import start_service, stop_service, wait_until
from tests.helpers import STAFF_PASSWORD
from tests.test_simulator_browser import ARTIFACTS, INSTALL

WIDTH, HEIGHT = 360, 740
REPORTER_PHONE = "+85510999111"
NGO_DUTY_SMS, NGO_MANAGER_SMS = "+85512000001", "+85512000002"
POLICE_SMS = "+85512000003"


@pytest.fixture(scope="module")
def service(migrated_database, fake_twilio, fake_telegram):
    fake_twilio.reset()
    fake_telegram.reset()
    folder = ARTIFACTS / "dashboard-server"  # the processes' logs, kept for a person to read
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    running = start_service(migrated_database, folder, fake_twilio, fake_telegram)
    app = running.app()
    with app.app_context(), new_session(app) as session:
        for email, role, locale in (("ngo@example.org", "ngo", "en"),
                                    ("km@example.org", "ngo", "km"),
                                    ("police@example.org", "police", "en"),
                                    ("lockme@example.org", "ngo", "en")):
            accounts.add_account(session, email, role, STAFF_PASSWORD, locale)
        reporters.enrol(session, services(app).cipher, "peer_educator", ["K12"], "km",
                        REPORTER_PHONE)
        # Whatever the hour the tests run at, ngo-duty is on duty (an override, as staff
        # set on the on-duty page), so the first notice of a request is theirs.
        on_call.add_override(session, app.extensions["alerts"].codebook, "ngo", "ngo-duty",
                             utcnow() - timedelta(hours=1), utcnow() + timedelta(days=1),
                             "staff:test")
        session.commit()
    app.extensions["db_engine"].dispose()
    try:
        yield running
    finally:
        stop_service(running)


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail(INSTALL, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser, service):
    """A phone-sized browser of its own (its own cookies)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  device_scale_factor=2, is_mobile=True, has_touch=True,
                                  base_url=service.base)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Close alert 3?" and the like
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    yield page
    context.close()


def log_in(page, email: str, password: str = STAFF_PASSWORD) -> None:
    page.context.clear_cookies()  # whoever was logged in before
    page.goto("/staff/login")
    page.get_by_label(re.compile("Email|អ៊ីមែល")).fill(email)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state("load")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def fits_the_phone(page) -> None:
    """Nothing sticks out sideways at 360 px: no horizontal scrolling of the page."""
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH


def latest_alert(service) -> Alert | None:
    app = service.app()
    with app.app_context(), new_session(app) as session:
        alert = session.scalar(select(Alert).order_by(Alert.id.desc()).limit(1))
    app.extensions["db_engine"].dispose()
    return alert


def test_login_and_lock_out(phone):
    phone.goto("/staff/alerts")
    assert "/staff/login" in phone.url  # behind the login
    for _ in range(10):
        log_in(phone, "lockme@example.org", "not the password at all")
    assert "locked" in phone.locator("main").inner_text()
    log_in(phone, "lockme@example.org")  # the right password, too late
    assert "locked" in phone.locator("main").inner_text()
    assert "/staff/login" in phone.url
    # With the keyboard alone: the skip link, then email, password and Enter.
    phone.context.clear_cookies()
    phone.goto("/staff/login")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip"
    phone.keyboard.press("Tab")  # the email field (the page has no menu before login)
    phone.keyboard.type("ngo@example.org")
    phone.keyboard.press("Tab")
    phone.keyboard.type(STAFF_PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/staff/alerts")
    fits_the_phone(phone)


def test_an_alert_appears_without_a_reload_and_is_taken_and_closed(phone, service,
                                                                    fake_twilio):
    log_in(phone, "ngo@example.org")
    phone.evaluate("window.notReloaded = true")
    assert service.sms(REPORTER_PHONE, "Y K12 3") == 200
    alert = wait_until(lambda: latest_alert(service))
    card = phone.locator(f"li.card[data-number='{alert.number}']")
    card.wait_for(timeout=10_000)  # polling brings it in
    assert phone.evaluate("window.notReloaded") is True
    assert "K12" in card.inner_text() and "3" in card.inner_text()
    # The duty contact's SMS went out at once, and the page says how it went.
    assert wait_until(lambda: [r for r in fake_twilio.sent
                               if r.form.get("To") == NGO_DUTY_SMS], seconds=5)
    screenshot(phone, "dashboard-queue.png")
    fits_the_phone(phone)
    card.get_by_role("button", name=re.compile("Take it")).click()  # one tap
    phone.wait_for_load_state("load")
    assert "ngo@example.org" in phone.locator(
        f"li.card[data-number='{alert.number}']").inner_text()
    phone.goto(f"/staff/alerts/{alert.number}")
    phone.select_option("#close-outcome", "removed")
    phone.fill("#close-note", "moved to the shelter")
    phone.get_by_role("button", name="Close", exact=True).click()
    phone.wait_for_load_state("load")
    closed = latest_alert(service)
    assert closed.status == "closed" and closed.outcome == "removed"
    events = phone.eval_on_selector_all(".timeline li", "items => items.map(i => i.dataset.event)")
    for event in ("received", "notified", "acknowledged", "viewed", "closed"):
        assert event in events, (event, events)
    assert events.index("received") < events.index("acknowledged") < events.index("closed")
    phone.goto("/staff/alerts")
    assert phone.locator(f"li.card[data-number='{alert.number}']").count() == 0
    assert phone.errors == []


def test_the_police_see_incident_facts_but_never_who_reported_or_conversations(phone,
                                                                              service):
    service.sms(REPORTER_PHONE, "D K12 2")
    coded = wait_until(lambda: latest_alert(service))
    log_in(phone, "police@example.org")
    phone.goto("/staff/alerts")
    phone.locator(f"li.card[data-number='{coded.number}']").wait_for()
    phone.goto(f"/staff/alerts/{coded.number}")
    page = phone.content()
    assert "K12" in page and not re.search(r"PE-\d", page)
    for url in ("/staff/inbox", "/staff/reporters", "/staff/content", "/staff/saved-replies",
                "/staff/accounts"):
        response = phone.goto(url)
        assert response.status in (403, 404), url
        assert not re.search(r"PE-\d", phone.content()), url


def telegram_menu_button(fake_telegram, chat: int, label: str) -> str:
    """The callback data of the button `label` in the last message sent to `chat`."""
    sent = [c for c in fake_telegram.calls("sendMessage") if int(c["chat_id"]) == chat]
    rows = sent[-1]["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row if b["text"] == label)


def ask_for_a_person(service, fake_telegram, chat: int, catalogs) -> Alert:
    """As a migrant does on Telegram: /start, Khmer, the main menu's "Talk to a person"."""
    service.telegram(chat, "/start")
    service.telegram(chat, callback="lang:km")
    service.telegram(chat, callback=telegram_menu_button(
        fake_telegram, chat, catalogs.gettext("km", "Talk to a person")))
    alert = wait_until(lambda: (found := latest_alert(service)) and found.kind == "person"
                       and found)
    assert alert is not None, "no person request was opened"
    return alert


def sms_to(fake_twilio, number: str, request: int) -> list:
    """SMS notices of person request `request` to `number` (responders read English here)."""
    return [r for r in fake_twilio.sent if r.form.get("To") == number
            and re.search(rf"\bREPLY {request}\b", r.form.get("Body", ""))]


@pytest.fixture(scope="module")
def catalogs(service):
    app = service.app()
    yield services(app).catalogs
    app.extensions["db_engine"].dispose()


def test_a_migrant_asking_for_a_person_is_answered_from_the_inbox(phone, service, catalogs,
                                                                  fake_twilio, fake_telegram):
    chat = 5550001
    started = len(fake_twilio.sent)
    request = ask_for_a_person(service, fake_telegram, chat, catalogs)
    # The duty contact's SMS notice reaches the Twilio test server within 5 seconds: the
    # request's number, never what the person wrote.
    notice = wait_until(lambda: sms_to(fake_twilio, NGO_DUTY_SMS, request.number),
                        seconds=5)
    assert notice, [r.form for r in fake_twilio.sent[started:]]
    service.telegram(chat, "ខ្ញុំត្រូវការជំនួយ ថៅកែយកលិខិតឆ្លងដែនខ្ញុំ")
    log_in(phone, "ngo@example.org")
    phone.goto("/staff/inbox")
    phone.get_by_role("link", name=re.compile(f"Request {request.number}")).click()
    phone.wait_for_load_state("load")
    thread = phone.locator(".thread")
    assert "ថៅកែយកលិខិតឆ្លងដែនខ្ញុំ" in thread.inner_text()
    phone.get_by_role("button", name="Assign to me").click()
    phone.wait_for_load_state("load")
    phone.fill("#reply-text", "យើងនឹងទូរស័ព្ទទៅអ្នកនៅថ្ងៃនេះ។")
    phone.get_by_role("button", name="Send the reply").click()
    phone.wait_for_load_state("load")
    # The reply leaves on the person's own channel: the Telegram test server has it.
    assert wait_until(lambda: [c for c in fake_telegram.calls("sendMessage")
                               if int(c["chat_id"]) == chat
                               and "យើងនឹងទូរស័ព្ទទៅអ្នកនៅថ្ងៃនេះ" in c["text"]], seconds=10)
    # ... and the page shows how far it got, without a reload.
    staff_line = phone.locator(".msg-staff").last
    staff_line.locator("[data-status='sent'], [data-status='delivered']").wait_for(
        timeout=15_000)
    screenshot(phone, "dashboard-conversation.png")
    fits_the_phone(phone)
    phone.goto("/staff/inbox")
    screenshot(phone, "dashboard-inbox.png")
    fits_the_phone(phone)
    assert phone.errors == []


def test_an_unanswered_request_passes_to_the_next_person_across_a_clock_restart(
        service, catalogs, fake_twilio, fake_telegram):
    service.start_clock()
    request = ask_for_a_person(service, fake_telegram, 5550002, catalogs)
    assert wait_until(lambda: sms_to(fake_twilio, NGO_DUTY_SMS, request.number),
                      seconds=5)
    service.stop_clock()  # the clock goes down before the deadline ...
    app = service.app()
    with app.app_context(), new_session(app) as session:
        pending = session.scalars(select(Escalation).where(
            Escalation.alert_id == request.id, Escalation.status == "pending")).all()
        assert pending, "no deadline was set for the request"
        # ... and the deadline passes while it is down (time moved on, not waited for).
        session.execute(update(Escalation).where(Escalation.id == pending[0].id)
                        .values(due_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    app.extensions["db_engine"].dispose()
    assert not sms_to(fake_twilio, NGO_MANAGER_SMS, request.number)
    service.start_clock()  # a new clock process picks the deadline up from the database
    try:
        passed = wait_until(lambda: sms_to(fake_twilio, NGO_MANAGER_SMS, request.number),
                            seconds=20)
        assert passed, "the next person was not told"
        time.sleep(6)  # another round of the clock: still exactly one notice
        assert len(sms_to(fake_twilio, NGO_MANAGER_SMS, request.number)) == 1
        assert not sms_to(fake_twilio, POLICE_SMS, request.number)  # never the police
    finally:
        service.stop_clock()


def test_the_dashboard_in_khmer_and_the_report_at_phone_width(phone, service):
    log_in(phone, "km@example.org")
    assert phone.locator("html").get_attribute("lang") == "km"
    nav = phone.locator("header nav").inner_text()
    assert re.search("[\u1780-\u17ff]", nav), nav  # the menu is in Khmer
    screenshot(phone, "dashboard-queue-km.png")
    phone.goto("/staff/inbox")
    screenshot(phone, "dashboard-inbox-km.png")
    month = utcnow().strftime("%Y-%m")  # this month: the alerts of the tests above
    phone.goto(f"/staff/report?month={month}")
    phone.locator("img").first.wait_for()
    screenshot(phone, "dashboard-report-km.png")
    fits_the_phone(phone)
    log_in(phone, "ngo@example.org")
    phone.goto(f"/staff/report?month={month}")
    screenshot(phone, "dashboard-report.png")
    fits_the_phone(phone)
