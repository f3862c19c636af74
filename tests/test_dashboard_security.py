"""Every route of the app, found from the URL map (so a new route is covered without
editing this file): each state-changing one refuses a request without a session and one
without a CSRF token; every page carries the security headers; cookies are HttpOnly,
SameSite and, behind https, Secure (issue 11, SAFETY 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.routing import Rule

from bot.config import PROJECT_ROOT
from tests.helpers import csrf_token_of

# Programs that prove who they are without a browser session: Twilio signs its requests,
# Telegram sends the webhook secret (their own tests show the 403 without it).
SIGNED = {"twilio_sms.inbound_sms", "twilio_sms.status_callback", "telegram.webhook"}
# Pages anyone may open: logging in, the health check, static files, the favicon.
PUBLIC_GETS = {"staff.login", "health.healthz", "static", "pages.favicon"}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
ARGUMENT = {"int": "1", "default": "x", "string": "x", "path": "x.css"}


def url_of(rule: Rule) -> str:
    def value(match: re.Match) -> str:
        converter = match.group(1) or "default"
        return ARGUMENT.get(converter, "x")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", value, rule.rule)


def routes(app, methods: set[str]) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & methods):
            found.append((rule.endpoint, method, url_of(rule)))
    return found


def test_the_route_list_is_the_apps(app):
    changing = {endpoint for endpoint, _, _ in routes(app, STATE_CHANGING)}
    # A sanity check that the map was read: the login, the simulator and the webhooks.
    assert {"staff.login", "staff.logout", "simulator.send", "telegram.webhook"} <= changing


def test_every_state_changing_route_refuses_a_browser_without_a_session(app):
    for endpoint, method, url in routes(app, STATE_CHANGING):
        if endpoint in SIGNED or endpoint == "staff.login":
            continue
        client = app.test_client()
        # A token from the login page, so the refusal is the missing session, not CSRF.
        token = csrf_token_of(client.get("/staff/login").get_data(as_text=True))
        response = client.open(url, method=method, data={"csrf_token": token},
                               headers={"X-CSRFToken": token})
        refused = response.status_code in (401, 403) or (
            response.status_code == 302 and "/staff/login" in response.location)
        assert refused, f"{method} {url} ({endpoint}) answered {response.status_code}"


def test_every_state_changing_route_refuses_a_request_without_a_csrf_token(app, staff_login):
    client = staff_login("admin")
    client.environ_base.pop("HTTP_X_CSRFTOKEN")
    for endpoint, method, url in routes(app, STATE_CHANGING):
        if endpoint in SIGNED:
            continue
        response = client.open(url, method=method, data={"anything": "1"})
        assert response.status_code == 400, f"{method} {url} ({endpoint})"
        assert "expired" in response.get_data(as_text=True)
    assert client.get("/staff/account").status_code == 200  # still logged in


def test_every_page_but_the_public_ones_needs_a_login(app):
    for endpoint, _, url in routes(app, {"GET"}):
        if endpoint in PUBLIC_GETS:
            continue
        response = app.test_client().get(url)
        refused = response.status_code in (401, 403) or (
            response.status_code == 302 and "/staff/login" in response.location)
        assert refused, f"GET {url} ({endpoint}) answered {response.status_code}"


@pytest.mark.parametrize("path", ["/", "/staff/login", "/healthz", "/no-such-page",
                                  "/staff/no-such-page", "/static/staff.css"])
def test_security_headers_on_every_page(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in policy and "http" not in script_src
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def _session_cookie(client) -> str:
    response = client.get("/staff/login")
    return next(v for k, v in response.headers.items()
                if k == "Set-Cookie" and v.startswith("session="))


def test_cookies_are_httponly_samesite_and_secure_behind_https(client, make_app):
    cookie = _session_cookie(client)  # the tests' PUBLIC_BASE_URL is https
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    plain = make_app(PUBLIC_BASE_URL="http://localhost:5000").test_client()
    cookie = _session_cookie(plain)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_no_template_holds_an_inline_script_style_or_handler():
    """The CSP forbids them; a browser would silently ignore them, so catch them here."""
    for template in (PROJECT_ROOT / "bot" / "templates").rglob("*.html"):
        text = Path(template).read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\sstyle=", text), template
        assert not re.search(r"<style", text), template
        assert not re.search(r"\son[a-z]+=", text), template
        assert "http://" not in text and "https://" not in text, template  # no CDN
