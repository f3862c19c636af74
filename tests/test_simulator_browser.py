"""The simulator on a phone (issue 9): the real app in a server process, driven by the
system's Chromium through Playwright at 360 × 740 CSS pixels.

Chromium is Debian's (`apt-get install chromium fonts-noto-core`; `.ci/run` and
`python3 dev.py test` install it). Playwright never downloads a browser here. Screenshots
go to $TEST_ARTIFACTS (default: test-artifacts/) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from bot import create_app
from bot.config import PROJECT_ROOT
from bot.db import Base
from tests.helpers import DATA_KEY
from tests.processes import free_port, start, stop, wait_for

WIDTH, HEIGHT = 360, 740
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or PROJECT_ROOT / "test-artifacts")
INSTALL = ("Chromium is needed for the browser tests: on Debian/Ubuntu run "
           "`apt-get install chromium fonts-noto-core` (python3 dev.py test does it as root); "
           "elsewhere install Chromium and the Noto Sans Khmer, Lao, Myanmar and Thai fonts.")
GREETINGS = {"km": "សួស្តី", "th": "สวัสดี", "lo": "ສະບາຍດີ", "my": "မင်္ဂလာပါ"}
# The family names fontconfig gives Debian's fonts-noto-core; the CSS names the same.
NOTO = {"km": "Noto Sans Khmer", "th": "Noto Sans Thai", "lo": "Noto Sans Lao",
        "my": "Noto Sans Myanmar"}
BAD_NUMBER = "Enter a phone number or chat id of 1 to 40 characters."


@pytest.fixture(scope="module")
def server(migrated_database, tmp_path_factory):
    """`flask run` in development mode (no provider credentials: no staff login needed) on
    the suite's test database; its rows are removed afterwards like every test's."""
    folder = tmp_path_factory.mktemp("browser")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TWILIO_", "TELEGRAM_", "APP_ENV", "SECRET_KEY"))}
    port = free_port()
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               DATABASE_URL=migrated_database, DATA_KEY=DATA_KEY, PYTHONUNBUFFERED="1",
               INSTANCE_PATH=str(folder / "instance"))
    log = folder / "server.log"
    process = start(f"flask --app app run --port {port}", env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process, log)
        yield base
    finally:
        stop(process)
        app = create_app({"DATABASE_URL": migrated_database, "DATA_KEY": DATA_KEY,
                          "TESTING": True})
        with app.extensions["db_engine"].begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
        app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail(INSTALL, pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is needed for the browser tests: "
                    "`.venv/bin/pip install -e '.[test]'` (python3 dev.py test does it).",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A phone-sized page in a browser of its own (its own cookies, so its own people)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  device_scale_factor=2, is_mobile=True, has_touch=True,
                                  base_url=server)
    context.set_default_timeout(10_000)  # a broken page fails in seconds, not half a minute
    page = context.new_page()
    page.goto("/")
    page.wait_for_load_state("networkidle")
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def send(page, text: str | None = None, click: str = "#compose button") -> None:
    """Type and send one message (or click something that sends), and wait until the
    person's message and at least one reply are shown."""
    if text is not None:
        page.fill("#text", text)
    before = page.locator("#log .msg").count()
    with page.expect_response("**/simulator/send") as answer:
        page.click(click)
    assert answer.value.ok, answer.value.text()
    # Locators, not wait_for_function: the page's Content-Security-Policy forbids the eval
    # that a JavaScript string would need (and that is as it should be).
    page.locator("#log .msg").nth(before + 1).wait_for()


def assert_message_box_on_screen(page) -> None:
    for selector in ("#text", "#compose button"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
        assert box["x"] + box["width"] <= WIDTH and box["y"] + box["height"] <= HEIGHT, (
            selector, box)
    # The page itself never scrolls: only the conversation does.
    assert page.evaluate("document.scrollingElement.scrollHeight") <= HEIGHT
    assert page.evaluate("window.scrollY") == 0


def bubbles(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "#log .msg", "items => items.map(item => [item.className, item.innerText])")


def test_the_message_box_stays_on_screen_after_ten_messages(page):
    screenshot(page, "on-load.png")
    assert_message_box_on_screen(page)
    for text in [GREETINGS["km"], "1", GREETINGS["th"], "2", GREETINGS["lo"], "3",
                 GREETINGS["my"], "MENU", "hello", "HELP"]:
        send(page, text)
    assert len(page.query_selector_all("#log .msg.in")) == 10
    screenshot(page, "after-ten.png")
    assert_message_box_on_screen(page)
    # The conversation scrolls inside its own area, down to the newest message.
    transcript = page.locator("#phone").bounding_box()
    last = page.locator("#log .msg").last.bounding_box()
    assert page.evaluate("(p => p.scrollHeight > p.clientHeight)(document.querySelector('#phone'))")
    assert transcript["y"] <= last["y"] and last["y"] + last["height"] <= (
        transcript["y"] + transcript["height"] + 1)


def test_an_empty_message_is_not_sent(page):
    sent = []
    page.on("request", lambda request: sent.append(request.url)
            if request.url.endswith("/simulator/send") else None)
    for text in ("", "   ", "\n"):
        page.fill("#text", text)
        page.click("#compose button")
        page.press("#text", "Enter")
    page.wait_for_timeout(500)
    assert sent == [] and bubbles(page) == []
    send(page, GREETINGS["th"])  # and a real one is: the counting works
    send(page, click=".example[lang=km]")  # so is an example, tapped
    assert len(sent) == 2
    assert [text for kind, text in bubbles(page) if kind == "msg in"] == [
        GREETINGS["th"], GREETINGS["km"]]


@pytest.mark.parametrize("number", ["", "4" * 41, "4" * 400])
def test_a_bad_number_shows_a_readable_sentence(page, number):
    # maxlength stops typing past 40, so a longer value is set the way a script could.
    page.evaluate("n => { document.querySelector('#address').value = n; }", number)
    page.fill("#text", GREETINGS["lo"])
    page.click("#compose button")
    status = page.locator("#status")
    status.wait_for(state="visible")
    assert status.inner_text() == BAD_NUMBER
    if number == "4" * 400:
        screenshot(page, "error.png")
    assert page.input_value("#text") == GREETINGS["lo"]  # kept, to send again once fixed
    box = status.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT
    assert_message_box_on_screen(page)


def test_network_failures_and_server_errors_read_as_sentences(page):
    status = page.locator("#status")
    page.route("**/simulator/send", lambda route: route.abort())
    page.fill("#text", "hello")
    page.click("#compose button")
    status.wait_for(state="visible")
    assert status.inner_text().startswith("The simulator could not be reached.")
    page.unroute("**/simulator/send")
    page.route("**/simulator/send", lambda route: route.fulfill(
        status=502, content_type="text/html", body="<!doctype html><h1>502 Bad Gateway</h1>"))
    page.fill("#text", "hello")
    page.click("#compose button")
    page.locator("#status", has_text="server").wait_for()
    shown = status.inner_text()
    assert shown == "Something went wrong on the server. Please try again in a moment."
    assert "<" not in shown and "Bad Gateway" not in shown
    page.unroute("**/simulator/send")
    send(page, "hello")  # a message that goes through clears the error
    assert status.is_hidden()


def test_a_reload_keeps_both_sides_of_the_conversation(page):
    page.check("input[value=telegram]")
    page.fill("#address", "5550001")
    page.press("#address", "Enter")
    page.wait_for_load_state("networkidle")
    send(page, GREETINGS["km"])
    send(page, GREETINGS["my"])
    send(page, click="#log li:last-child .buttons button >> nth=-1")  # shown as [its label]
    before = bubbles(page)
    assert [kind for kind, _ in before].count("msg in") == 3
    assert before[-1][0] == "msg out" and any(text.startswith("[") for _, text in before)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.locator("#log .msg").nth(len(before) - 1).wait_for()
    assert page.input_value("#address") == "5550001"
    assert page.is_checked("input[value=telegram]")
    assert bubbles(page) == before
    screenshot(page, "after-reload.png")


@pytest.mark.parametrize("width", [WIDTH, 320, 340, 375, 390])
def test_example_greetings_do_not_break_inside_a_word(page, width):
    # 360 is the phone of the issue; the others move where lines end, so that a chip that
    # can break is caught whichever word happens to end a line.
    page.set_viewport_size({"width": width, "height": HEIGHT})
    assert page.locator(".example").count() >= 9
    lines = page.eval_on_selector_all(".example", """chips => chips.map(chip => {
        const range = document.createRange();
        range.selectNodeContents(chip);
        const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
        const box = chip.getBoundingClientRect();
        return [chip.textContent.trim(), tops.size, box.left >= 0 && box.right <= innerWidth];
    })""")
    for text, count, inside in lines:
        assert count == 1, f"{text!r} is broken over {count} lines at {width} px"
        assert inside, f"{text!r} sticks out of the screen at {width} px"
    shown = {text for text, _, _ in lines}
    assert set(GREETINGS.values()) <= shown


def test_each_script_is_drawn_with_its_noto_font(page):
    """The font Chromium really used for each greeting (not boxes from a fallback)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for lang, family in NOTO.items():
        node = cdp.send("DOM.querySelector", {"nodeId": root,
                                              "selector": f".example[lang={lang}]"})["nodeId"]
        assert node, lang
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        used = {font["familyName"] for font in fonts}
        assert used == {family}, f"{GREETINGS[lang]} drawn with {used}: {INSTALL}"


def test_the_favicon_is_served(page):
    href = page.get_attribute("link[rel=icon]", "href")
    icon = page.request.get(href)
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert page.request.get("/favicon.ico").status == 200


def test_a_missing_page_says_so_and_links_back(page):
    response = page.goto("/no-such-page")
    assert response.status == 404
    assert "Page not found" in page.inner_text("h1")
    screenshot(page, "not-found.png")
    with page.expect_navigation():
        page.click("a[href='/']")
    assert page.evaluate("location.pathname") == "/"
    assert page.locator("#compose").is_visible()
