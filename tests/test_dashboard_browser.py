"""The staff dashboard in a real browser (issue 11): Debian's Chromium driven by Playwright
at 360 × 740 CSS pixels, against the web and clock processes as a host runs them, with
Twilio and Telegram played by the local fake servers. Screenshots of the queue, the inbox
and the report page go to $TEST_ARTIFACTS (default test-artifacts/) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.alerts import reporters
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
    log_in(phone, "ngo@example.org")
    assert phone.url.endswith("/staff/alerts")
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
