"""The dashboard's inbox (issue 11): a migrant asks for a person on Telegram, the request is
in the NGO's shared inbox, staff take it, read the thread in the person's language with an
English gloss of what the bot told them, answer on the person's own channel (the delivery
state shows), use saved replies and close it. The police never see any of it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.models import Alert, AuditEvent, Contact, Message, SavedReply, StaffAccount
from bot.sessions import new_session
from bot.text.gloss import Glossary
from tests.helpers import telegram_button, telegram_text

CHAT = 770055501
NOT_POLICE = "We are not the police. We do not share what you write without asking you."
MENU_HEADING = "Safe work advice."
KHMER_WORDS = "ខ្ញុំត្រូវការជំនួយ"  # "I need help"


def buttons_of(call: dict) -> list[dict]:
    return [button for row in call["reply_markup"]["inline_keyboard"] for button in row]


def sent_to(fake_telegram, chat_id: int = CHAT) -> list[dict]:
    return [call for call in fake_telegram.calls("sendMessage")
            if int(call["chat_id"]) == chat_id]


def ask_for_a_person(send_update, fake_telegram, catalogs, locale: str = "km",
                     chat: int = CHAT) -> None:
    """As a migrant does: /start, the language, the main menu's "Talk to a person"."""
    assert send_update(telegram_text(chat, "/start")).status_code == 200
    assert send_update(telegram_button(chat, f"lang:{locale}")).status_code == 200
    menu = sent_to(fake_telegram, chat)[-1]
    label = catalogs.gettext(locale, "Talk to a person")
    person = next(b for b in buttons_of(menu) if b["text"] == label)
    assert send_update(telegram_button(chat, person["callback_data"])).status_code == 200


def deliver_due(app) -> int:
    with new_session(app) as session:
        return app.extensions["bot"].outbox.deliver_due(session)


@pytest.fixture
def request_number(send_update, fake_telegram, catalogs, db) -> int:
    ask_for_a_person(send_update, fake_telegram, catalogs)
    assert send_update(telegram_text(CHAT, KHMER_WORDS)).status_code == 200
    alert = db.scalar(select(Alert).where(Alert.kind == "person"))
    assert alert is not None and alert.status == "open"
    return alert.number


def account_id(db, email: str) -> int:
    return db.scalar(select(StaffAccount.id).where(StaffAccount.email == email))


def events(db, name: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.event == name)))


def page(response) -> str:
    return response.get_data(as_text=True)


# -- the inbox -------------------------------------------------------------------------------

def test_the_request_is_in_the_inbox_with_its_language_channel_and_masked_chat(
        staff_login, request_number, db):
    ngo = staff_login("ngo")
    response = ngo.get("/staff/inbox")
    assert response.status_code == 200
    html = page(response)
    assert f'href="/staff/inbox/{request_number}"' in html
    assert "ខ្មែរ (Khmer)" in html
    assert "Telegram" in html
    assert "•••••5501" in html and str(CHAT) not in html
    assert "Last message from the person" in html
    # Listing is not a view of any one conversation.
    assert events(db, "viewed") == []
    for tab in ("open", "all"):
        assert f"/staff/inbox/{request_number}" in page(ngo.get(f"/staff/inbox?tab={tab}"))
    for tab in ("mine", "closed"):
        assert f"/staff/inbox/{request_number}" not in page(ngo.get(f"/staff/inbox?tab={tab}"))


def test_the_feed_changes_version_when_a_request_arrives(staff_login, send_update,
                                                         fake_telegram, catalogs):
    ngo = staff_login("ngo")
    before = ngo.get("/staff/inbox/feed?tab=all").get_json()
    assert before["version"] and "No conversations here." in before["html"]
    assert ngo.get("/staff/inbox/feed?tab=all").get_json()["version"] == before["version"]
    ask_for_a_person(send_update, fake_telegram, catalogs)
    after = ngo.get("/staff/inbox/feed?tab=all").get_json()
    assert after["version"] != before["version"]
    assert "<html" not in after["html"] and "/staff/inbox/" in after["html"]


def test_assign_reply_delivery_and_close(app, staff_login, request_number, fake_telegram, db):
    ngo = staff_login("ngo")
    staff_id = account_id(db, "ngo-en@example.org")

    response = ngo.get(f"/staff/inbox/{request_number}")
    assert response.status_code == 200
    assert "Assign to me" in page(response)
    [viewed] = events(db, "viewed")
    assert viewed.actor == f"staff:{staff_id}"

    response = ngo.post(f"/staff/inbox/{request_number}/assign")
    assert response.status_code == 302
    alert = db.scalar(select(Alert).where(Alert.number == request_number))
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", f"staff:{staff_id}")
    assert [e.actor for e in events(db, "acknowledged")] == [f"staff:{staff_id}"]
    html = page(ngo.get(response.headers["Location"]))
    assert "The conversation is yours now." in html and "ngo-en@example.org" in html
    assert f"/staff/inbox/{request_number}" in page(ngo.get("/staff/inbox?tab=mine"))
    assert f"/staff/inbox/{request_number}" not in page(ngo.get("/staff/inbox?tab=open"))

    before = len(sent_to(fake_telegram))
    feed_before = ngo.get(f"/staff/inbox/{request_number}/feed").get_json()
    response = ngo.post(f"/staff/inbox/{request_number}/reply",
                        data={"text": "សួស្តី! យើងនឹងជួយអ្នក។"})
    assert response.status_code == 302
    [reply] = db.scalars(select(Message).where(Message.author == f"staff:{staff_id}")).all()
    contact = db.get(Contact, alert.contact_id)
    assert reply.direction == "out" and reply.channel == "telegram"
    assert reply.contact_id == contact.id
    assert "សួស្តី! យើងនឹងជួយអ្នក។" in reply.body
    deliver_due(app)  # sent at once already; the outbox has nothing left
    db.refresh(reply)
    assert reply.status == "sent"
    [call] = sent_to(fake_telegram)[before:]
    assert "សួស្តី! យើងនឹងជួយអ្នក។" in call["text"]
    assert [e.actor for e in events(db, "answered_migrant")] == [f"staff:{staff_id}"]
    assert "យើងនឹងជួយអ្នក" not in str([e.detail for e in db.scalars(select(AuditEvent))])

    html = page(ngo.get(f"/staff/inbox/{request_number}"))
    assert "Your reply is on its way." in html
    assert re.search(r'data-status="sent">sent<', html)
    assert "ngo-en@example.org" in html
    feed = ngo.get(f"/staff/inbox/{request_number}/feed").get_json()
    assert feed["version"] != feed_before["version"] and 'data-status="sent"' in feed["html"]
    views = len(events(db, "viewed"))
    ngo.get(f"/staff/inbox/{request_number}/feed")
    assert len(events(db, "viewed")) == views  # polling is not a view

    # A delivery report (as Twilio's callback would write) shows on the next poll.
    db.execute(Message.__table__.update().where(Message.id == reply.id)
               .values(status="delivered"))
    db.commit()
    assert 'data-status="delivered">delivered<' in ngo.get(
        f"/staff/inbox/{request_number}/feed").get_json()["html"]

    response = ngo.post(f"/staff/inbox/{request_number}/close",
                        data={"outcome": "no_action", "note": "talked it through"})
    assert response.status_code == 302
    db.refresh(alert)
    assert (alert.status, alert.outcome, alert.close_note) == (
        "closed", "no_action", "talked it through")
    [closed] = events(db, "closed")
    assert closed.actor == f"staff:{staff_id}" and "talked" not in str(closed.detail)
    html = page(ngo.get(f"/staff/inbox/{request_number}"))
    assert "no action needed" in html and 'name="text"' not in html
    assert f"/staff/inbox/{request_number}" in page(ngo.get("/staff/inbox?tab=closed"))
    # A closed conversation takes no reply and no second close.
    assert ngo.post(f"/staff/inbox/{request_number}/reply",
                    data={"text": "hello"}).status_code == 400
    response = ngo.post(f"/staff/inbox/{request_number}/close", data={"outcome": "no_action"})
    assert response.status_code == 302
    assert "closed already" in page(ngo.get(response.headers["Location"]))


def test_someone_elses_conversation_cannot_be_taken_again(staff_login, request_number, db):
    first, second = staff_login("ngo", email="first@example.org"), staff_login(
        "ngo", email="second@example.org")
    assert first.post(f"/staff/inbox/{request_number}/assign").status_code == 302
    response = second.post(f"/staff/inbox/{request_number}/assign")
    assert response.status_code == 302
    assert "first@example.org" in page(second.get(response.headers["Location"]))
    alert = db.scalar(select(Alert).where(Alert.number == request_number))
    assert alert.acknowledged_by == f"staff:{account_id(db, 'first@example.org')}"


def test_the_thread_is_in_the_persons_language_with_an_english_gloss(
        staff_login, request_number, catalogs):
    html = page(staff_login("ngo").get(f"/staff/inbox/{request_number}"))
    # What the person wrote, marked as Khmer.
    assert re.search(r'<p class="msg-text"><span lang="km">' + KHMER_WORDS + "</span></p>", html)
    # A button press shows as the button's label, not its token.
    assert re.search(r'Pressed the button:</span> <span lang="km">'
                     + re.escape(catalogs.gettext("km", "Talk to a person")), html)
    assert "o:2:6" not in html and "lang:km" not in html
    # What the bot told them: the Khmer text, and its English under it.
    khmer_not_police = catalogs.gettext("km", NOT_POLICE)
    assert khmer_not_police != NOT_POLICE and khmer_not_police in html
    gloss = re.findall(r'<p class="gloss" lang="en">(.*?)</p>', html, re.S)
    assert any(NOT_POLICE in g for g in gloss)
    assert any(MENU_HEADING in g for g in gloss)
    # Telegram buttons, glossed too.
    assert catalogs.gettext("km", "Talk to a person") in html
    assert "(Talk to a person)" in html


def test_gloss_matches_lines_options_joined_texts_and_placeholders():
    glossary = Glossary([("Safe work advice.", "ដំបូន្មានការងារ។"),
                         ("Reply with a number:", "ឆ្លើយជាលេខ៖"),
                         ("Before you go", "មុនពេលទៅ"),
                         ("Your request number is {number}.", "លេខសំណើរបស់អ្នកគឺ {number}។"),
                         ("{text}", "{text}"), ("", "header")])
    text = "ដំបូន្មានការងារ។ ឆ្លើយជាលេខ៖\n1 មុនពេលទៅ\nលេខសំណើរបស់អ្នកគឺ 12។\nអ្វីផ្សេង"
    assert glossary.gloss(text) == (
        "Safe work advice. Reply with a number:\n1 Before you go\n"
        "Your request number is 12.\n…")
    assert glossary.gloss("អ្វីផ្សេង") is None  # "{text}" alone matches nothing
    assert glossary.gloss(None) is None and glossary.gloss("") is None


# -- saved replies ---------------------------------------------------------------------------

def test_saved_replies_add_use_and_delete(staff_login, request_number, db):
    ngo = staff_login("ngo")
    response = ngo.post("/staff/saved-replies", data={
        "locale": "km", "title": "Greeting", "body": "សួស្តី យើងកំពុងអានសាររបស់អ្នក។"})
    assert response.status_code == 302
    ngo.post("/staff/saved-replies", data={"locale": "lo", "title": "Lao one",
                                           "body": "ສະບາຍດີ"})
    saved = db.scalar(select(SavedReply).where(SavedReply.locale == "km"))
    assert saved.created_by.startswith("staff:")
    [added, _lao] = events(db, "saved_reply_added")
    assert added.detail == {"saved_reply": saved.id, "locale": "km"}  # no text
    listing = page(ngo.get("/staff/saved-replies"))
    assert "Greeting" in listing and 'lang="km"' in listing

    # The conversation offers the Khmer one only, for a Khmer speaker.
    html = page(ngo.get(f"/staff/inbox/{request_number}"))
    assert "Greeting" in html and "Lao one" not in html
    assert 'data-body="សួស្តី យើងកំពុងអានសាររបស់អ្នក។"' in html
    # Without JavaScript, "use" fills the reply box through the URL.
    used = page(ngo.get(f"/staff/inbox/{request_number}?use={saved.id}"))
    assert re.search(r'<textarea id="reply-text"[^>]*>សួស្តី យើងកំពុងអានសាររបស់អ្នក។</textarea>',
                     used)
    lao = db.scalar(select(SavedReply).where(SavedReply.locale == "lo"))
    wrong = page(ngo.get(f"/staff/inbox/{request_number}?use={lao.id}"))
    assert "not there for this person" in wrong and "ສະບາຍດີ</textarea>" not in wrong

    response = ngo.post(f"/staff/saved-replies/{saved.id}/delete")
    assert response.status_code == 302
    assert db.scalar(select(SavedReply.id).where(SavedReply.id == saved.id)) is None
    [deleted] = events(db, "saved_reply_deleted")
    assert deleted.detail == {"saved_reply": saved.id, "locale": "km"}
    assert "Greeting" not in page(ngo.get(f"/staff/inbox/{request_number}"))


@pytest.mark.parametrize("form", [
    {"locale": "xx", "title": "t", "body": "b"},
    {"locale": "", "title": "t", "body": "b"},
    {"locale": "km", "title": "", "body": "b"},
    {"locale": "km", "title": "t" * 81, "body": "b"},
    {"locale": "km", "title": "two\nlines", "body": "b"},
    {"locale": "km", "title": "t", "body": ""},
    {"locale": "km", "title": "t", "body": "b" * 1001},
    {"locale": "km", "title": "t\x00", "body": "b"},
    {"locale": "km", "title": "t", "body": "b\x00"},
    {"locale": "km\x00", "title": "t", "body": "b"},
    {},
])
def test_a_bad_saved_reply_is_a_400_never_a_500(staff_login, db, form):
    response = staff_login("ngo").post("/staff/saved-replies", data=form)
    assert response.status_code == 400
    assert 'class="flash error"' in page(response)
    assert db.scalar(select(SavedReply)) is None


@pytest.mark.parametrize("reply_id", ["9" * 400, "²", "③", "abc", "0", "-1", "99999"])
def test_deleting_what_is_not_there_is_404(staff_login, reply_id):
    assert staff_login("ngo").post(f"/staff/saved-replies/{reply_id}/delete").status_code == 404


# -- refusals and bad input ------------------------------------------------------------------

def inbox_urls(number: int) -> list[tuple[str, str]]:
    return [("get", "/staff/inbox"), ("get", "/staff/inbox?tab=closed"),
            ("get", "/staff/inbox/feed"),
            ("get", f"/staff/inbox/{number}"), ("get", f"/staff/inbox/{number}/feed"),
            ("post", f"/staff/inbox/{number}/assign"), ("post", f"/staff/inbox/{number}/reply"),
            ("post", f"/staff/inbox/{number}/close"),
            ("get", "/staff/saved-replies"), ("post", "/staff/saved-replies"),
            ("post", "/staff/saved-replies/1/delete")]


def test_the_police_get_403_on_every_inbox_url(staff_login, request_number, db):
    police = staff_login("police")
    with_saved = SavedReply(locale="km", title="t", body="b", created_by="staff:1")
    db.add(with_saved)
    db.commit()
    for method, url in inbox_urls(request_number):
        response = getattr(police, method)(url, data={"text": "hi", "outcome": "no_action",
                                                      "locale": "km", "title": "t",
                                                      "body": "b"})
        assert response.status_code == 403, url
        assert KHMER_WORDS not in page(response)
    alert = db.scalar(select(Alert).where(Alert.number == request_number))
    assert alert.status == "open"
    assert db.scalars(select(Message).where(Message.author.is_not(None))).all() == []
    assert db.scalar(select(SavedReply.id)) == with_saved.id
    assert events(db, "viewed") == []
    assert "Conversations" not in page(police.get("/staff/account"))


def test_logged_out_browsers_are_sent_to_the_login(client, request_number):
    response = client.get(f"/staff/inbox/{request_number}")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_coded_alert_is_not_a_conversation(staff_login, app):
    from bot.alerts.numbering import next_alert_number
    from bot.sessions import new_session

    # An ordinary session: numbering takes a savepoint, which needs a transaction.
    with new_session(app) as session:
        alert = Alert(number=next_alert_number(session), kind="coded", code="Y",
                      severity="urgent", venue="K12")
        session.add(alert)
        session.commit()
    ngo = staff_login("ngo")
    assert ngo.get(f"/staff/inbox/{alert.number}").status_code == 404
    assert ngo.post(f"/staff/inbox/{alert.number}/reply", data={"text": "x"}).status_code == 404


@pytest.mark.parametrize("number", ["9" * 400, "²", "③", "١٢", "abc", "0", "12x", "99999"])
def test_bad_numbers_are_404_never_500(staff_login, number):
    ngo = staff_login("ngo")
    assert ngo.get(f"/staff/inbox/{number}").status_code == 404
    assert ngo.get(f"/staff/inbox/{number}/feed").status_code == 404
    for action in ("assign", "reply", "close"):
        assert ngo.post(f"/staff/inbox/{number}/{action}",
                        data={"text": "x", "outcome": "no_action"}).status_code == 404


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001, "hello\x00", "\x00"])
def test_a_bad_reply_is_a_400_with_a_flash(staff_login, request_number, db, text):
    ngo = staff_login("ngo")
    response = ngo.post(f"/staff/inbox/{request_number}/reply", data={"text": text})
    assert response.status_code == 400
    assert 'class="flash error"' in page(response)
    assert db.scalars(select(Message).where(Message.author.is_not(None))).all() == []


def test_a_reply_without_a_text_field_is_a_400(staff_login, request_number):
    assert staff_login("ngo").post(f"/staff/inbox/{request_number}/reply").status_code == 400


@pytest.mark.parametrize("form", [{}, {"outcome": "sunk"}, {"outcome": "no_action\x00"},
                                  {"outcome": "no_action", "note": "n" * 3000},
                                  {"outcome": "no_action", "note": "bad\x00"}])
def test_a_bad_close_is_a_400(staff_login, request_number, db, form):
    response = staff_login("ngo").post(f"/staff/inbox/{request_number}/close", data=form)
    assert response.status_code == 400
    assert db.scalar(select(Alert.status).where(Alert.number == request_number)) == "open"


@pytest.mark.parametrize("query", ["tab=nope", "tab=%00", "tab=" + "x" * 5000, "tab=closed&tab=x",
                                   "use=" + "9" * 400, "use=²", "use=%00"])
def test_odd_query_strings_never_500(staff_login, request_number, query):
    ngo = staff_login("ngo")
    assert ngo.get(f"/staff/inbox?{query}").status_code == 200
    assert ngo.get(f"/staff/inbox/feed?{query}").status_code == 200
    assert ngo.get(f"/staff/inbox/{request_number}?{query}").status_code == 200
    assert ngo.get(f"/staff/saved-replies?locale=%00&{query}").status_code == 200


def test_pages_render_for_a_khmer_account(staff_login, request_number):
    khmer = staff_login("ngo", locale="km")
    for url in ("/staff/inbox", f"/staff/inbox/{request_number}", "/staff/saved-replies"):
        response = khmer.get(url)
        assert response.status_code == 200
        assert '<html lang="km">' in page(response)


def test_admins_may_use_the_inbox(staff_login, request_number):
    admin = staff_login("admin")
    assert admin.get("/staff/inbox").status_code == 200
    assert admin.get(f"/staff/inbox/{request_number}").status_code == 200
    assert admin.get("/staff/saved-replies").status_code == 200


def test_pages_have_no_inline_script_or_style(staff_login, request_number):
    ngo = staff_login("ngo")
    for url in ("/staff/inbox", f"/staff/inbox/{request_number}", "/staff/saved-replies"):
        html = page(ngo.get(url))
        assert "style=" not in html and "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        for field in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'for="{field}"' in html, (url, field)
