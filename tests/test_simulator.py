"""The chat simulator at `/`: same engine, SMS cost shown, nothing sent to providers."""

from __future__ import annotations

import pytest


def test_page_is_served(staff_client):
    page = staff_client.get("/")
    assert page.status_code == 200
    assert b"Chat simulator" in page.data and b"simulator.js" in page.data
    assert staff_client.get("/static/simulator.js").status_code == 200


def test_sms_replies_show_encoding_and_segments(staff_client, fake_twilio, catalogs):
    data = staff_client.post("/simulator/send", json={"channel": "sms", "address": "+66811111111",
                                                "text": "ສະບາຍດີ"}).get_json()
    [reply] = data["replies"]
    heading = catalogs.gettext("lo", "Safe work advice. Reply with a number:")
    assert reply["body"].startswith(heading)
    assert reply["encoding"] == "UCS-2" and reply["segments"] >= 1
    assert fake_twilio.sent == []  # simulator contacts never reach the provider


def test_telegram_buttons_can_be_pressed(staff_client, fake_telegram, catalogs):
    start = staff_client.post("/simulator/send", json={"channel": "telegram", "address": "42",
                                                 "text": "/start"}).get_json()
    buttons = [b for row in start["replies"][0]["buttons"] for b in row]
    khmer = next(b for b in buttons if b["callback_data"] == "lang:km")
    chosen = staff_client.post("/simulator/send", json={"channel": "telegram", "address": "42",
                                                  "callback": khmer["callback_data"]}).get_json()
    assert chosen["replies"][0]["body"] == catalogs.gettext(
        "km", "Safe work advice. Reply with a number:")
    assert fake_telegram.calls("sendMessage") == []
    later = staff_client.post("/simulator/messages", json={"channel": "telegram", "address": "42",
                                                     "after": 0}).get_json()
    assert [m["id"] for m in later["messages"]] == [
        start["replies"][0]["id"], chosen["replies"][0]["id"]]


@pytest.mark.parametrize("payload", [
    None, [], {"channel": "fax", "address": "1", "text": "x"},
    {"channel": "sms", "address": "", "text": "x"}, {"channel": "sms", "address": "1", "text": 5},
    {"channel": "sms", "address": "1" * 41, "text": "x"},
    {"channel": "sms", "address": "1", "text": "x" * 5001},
])
def test_bad_requests_get_400(staff_client, payload):
    assert staff_client.post("/simulator/send", json=payload).status_code == 400
