"""Pages that belong to no channel: the favicon, and a 404 that is a page for browsers and
a short JSON answer for programs (webhooks, the simulator's API)."""

from __future__ import annotations

import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_the_favicon_is_served_and_linked(staff_client):
    icon = staff_client.get("/favicon.ico", follow_redirects=True)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data
    assert b'rel="icon" href="/static/favicon.svg"' in staff_client.get("/").data


def test_a_missing_page_links_back_to_the_simulator(client):
    response = client.get("/no-such-page", headers=BROWSER)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert b'<a href="/">' in response.data and b"Page not found" in response.data


@pytest.mark.parametrize("path", ["/sms/nothing", "/telegram/nothing", "/simulator/nothing",
                                  "/sms", "/telegram"])
def test_programs_get_json_not_a_page(client, path):
    response = client.post(path, headers=BROWSER, data="x")
    assert response.status_code == 404
    assert response.get_json() == {"error": "Not found."}


def test_a_json_client_gets_json(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json() == {"error": "Not found."}
