"""The chat simulator at `/`: same engine, SMS cost shown, nothing sent to providers."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token_of, menu_heading


def test_page_is_served(staff_client):
    page = staff_client.get("/")
    assert page.status_code == 200
    assert b"Chat simulator" in page.data and b"simulator.js" in page.data
    assert staff_client.get("/static/simulator.js").status_code == 200


def test_sms_replies_show_encoding_and_segments(staff_client, fake_twilio, catalogs):
    data = staff_client.post("/simulator/send", json={"channel": "sms", "address": "+66811111111",
                                                "text": "ສະບາຍດີ"}).get_json()
    [reply] = data["replies"]
    heading = menu_heading(catalogs, "lo")
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
    assert chosen["replies"][0]["body"] == menu_heading(catalogs, "km", "telegram")
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


@pytest.mark.parametrize("address", ["", "   ", "1" * 41, "4" * 400])
def test_a_bad_number_is_answered_with_a_sentence_in_json(staff_client, address):
    response = staff_client.post("/simulator/send", json={"channel": "sms", "address": address,
                                                          "text": "hello"})
    assert response.status_code == 400 and response.is_json
    assert response.get_json() == {
        "error": "Enter a phone number or chat id of 1 to 40 characters."}


def test_refusals_are_json_for_the_api_and_html_for_the_page(client):
    # Without a CSRF token, a POST is refused before anything else, in a sentence.
    unsigned = client.post("/simulator/messages", json={"channel": "sms", "address": "1"})
    assert unsigned.status_code == 400
    assert unsigned.get_json() == {
        "error": "The page had expired. Go back, reload it and try again."}
    # With provider credentials set and nobody logged in (as here) the simulator is closed,
    # even to a browser that holds a token (any page gives one, the login page too).
    token = csrf_token_of(client.get("/staff/login").get_data(as_text=True))
    refused = client.post("/simulator/messages", json={"channel": "sms", "address": "1"},
                          headers={"X-CSRFToken": token})
    assert refused.status_code == 403
    assert refused.get_json() == {
        "error": "Only logged-in staff can use the simulator on this server."}
    page = client.get("/")
    assert page.status_code == 403 and page.mimetype == "text/html"


def test_the_whole_thread_comes_back_in_order_with_both(staff_client):
    def post(path, **payload):
        response = staff_client.post(path, json={"channel": "telegram", "address": "77",
                                                 **payload})
        assert response.status_code == 200, response.data
        return response.get_json()

    start = post("/simulator/send", text="សួស្តី")["replies"]
    button = start[0]["buttons"][0][0]
    chosen = post("/simulator/send", callback=button["callback_data"])["replies"]
    thread = post("/simulator/messages", after=0, both=True)["messages"]
    assert [(m["direction"], m["body"]) for m in thread] == [
        ("in", "សួស្តី"), *[("out", m["body"]) for m in start],
        ("in", button["callback_data"]), *[("out", m["body"]) for m in chosen]]
    assert thread[len(start) + 1]["pressed"] == button["text"]  # shown as the label tapped
    assert "pressed" not in thread[0]
    # Without the flag: only what the bot sent, as before.
    assert [m["direction"] for m in post("/simulator/messages", after=0)["messages"]] == [
        "out"] * (len(start) + len(chosen))
    bad = staff_client.post("/simulator/messages", json={"channel": "telegram", "address": "77",
                                                         "both": "yes"})
    assert bad.status_code == 400 and "true or false" in bad.get_json()["error"]


def test_another_browser_does_not_get_the_thread(staff_client, staff_login):
    staff_client.post("/simulator/send", json={"channel": "sms", "address": "+66811112222",
                                               "text": "hello"})
    other = staff_login("ngo", email="someone-else@example.org")
    thread = other.post("/simulator/messages", json={"channel": "sms", "address": "+66811112222",
                                                     "after": 0, "both": True}).get_json()
    assert thread == {"messages": []}
