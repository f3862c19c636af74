"""Telegram webhook: secret token, language keyboard, buttons, dedupe, stale menus, sending."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Contact, Message
from tests.helpers import TELEGRAM_SECRET, new_update_id, sql_count, telegram_button, telegram_text

CHAT = 777000111
MENU_HEADING = "Safe work advice."


def sent_to(fake_telegram, chat_id: int = CHAT) -> list[dict]:
    return [call for call in fake_telegram.calls("sendMessage")
            if int(call["chat_id"]) == chat_id]


def buttons_of(call: dict) -> list[dict]:
    return [button for row in call["reply_markup"]["inline_keyboard"] for button in row]


def test_start_answers_with_a_language_keyboard(send_update, fake_telegram):
    response = send_update(telegram_text(CHAT, "/start"))
    assert response.status_code == 200
    [call] = sent_to(fake_telegram)
    buttons = buttons_of(call)
    assert [b["callback_data"] for b in buttons] == [
        "lang:km", "lang:lo", "lang:my", "lang:vi", "lang:th", "lang:en", "lang:km-Latn"]
    assert buttons[1]["text"] == "ລາວ (Lao)"


def test_choosing_lao_gets_an_answer_in_lao(send_update, fake_telegram, catalogs, db):
    send_update(telegram_text(CHAT, "/start"))
    response = send_update(telegram_button(CHAT, "lang:lo"))
    assert response.status_code == 200
    # The button press is acknowledged in the webhook answer itself.
    assert response.get_json() == {"method": "answerCallbackQuery",
                                   "callback_query_id": f"cq{CHAT}"}
    reply = sent_to(fake_telegram)[-1]
    lao_heading = catalogs.gettext("lo", MENU_HEADING)
    assert lao_heading != MENU_HEADING
    assert reply["text"] == lao_heading
    labels = [b["text"] for b in buttons_of(reply)]
    assert catalogs.gettext("lo", "At work: your rights") in labels
    assert db.scalar(select(Contact.locale)) == "lo"
    # The reply went out through the outbox and is recorded as sent with Telegram's id.
    out = db.scalars(select(Message).where(Message.direction == "out")).all()
    assert all(m.status == "sent" and m.external_id for m in out)


def test_menu_buttons_lead_to_the_step(app, send_update, fake_telegram, catalogs):
    send_update(telegram_text(CHAT, "/start"))
    send_update(telegram_button(CHAT, "lang:th"))
    menu = sent_to(fake_telegram)[-1]
    at_work = next(b for b in buttons_of(menu)
                   if b["text"] == catalogs.gettext("th", "At work: your rights"))
    send_update(telegram_button(CHAT, at_work["callback_data"]))
    at_work_text = app.extensions["bot"].engine.flows["rights"].steps["menu"].text
    assert sent_to(fake_telegram)[-1]["text"] == catalogs.gettext("th", at_work_text)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET + "x"])
def test_wrong_secret_token_is_refused(send_update, fake_telegram, db, secret):
    response = send_update(telegram_text(CHAT, "/start"), secret=secret)
    assert response.status_code == 403
    assert sql_count(db, "messages") == 0
    assert sent_to(fake_telegram) == []


def test_repeated_update_id_is_processed_once(client, fake_telegram, db):
    update = {"update_id": new_update_id(), **telegram_text(CHAT, "/start")}
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    for _ in range(3):
        assert client.post("/telegram/webhook", json=update, headers=headers).status_code == 200
    assert len(sent_to(fake_telegram)) == 1
    assert sql_count(db, "messages") == 2  # one in, one out


def test_a_button_of_an_expired_menu_gets_help_text(send_update, fake_telegram, catalogs):
    send_update(telegram_text(CHAT, "/start"))
    send_update(telegram_button(CHAT, "lang:vi"))
    old_menu = sent_to(fake_telegram)[-1]
    send_update(telegram_text(CHAT, "1"))  # moves on: the old menu's buttons are stale now
    stale = buttons_of(old_menu)[2]["callback_data"]
    response = send_update(telegram_button(CHAT, stale))
    assert response.status_code == 200
    reply = sent_to(fake_telegram)[-1]
    assert reply["text"].startswith(catalogs.gettext("vi", "That menu is old. Here is the menu:"))
    assert buttons_of(reply)  # and the current menu to choose from


@pytest.mark.parametrize("update", [
    {"edited_message": telegram_text(CHAT, "edited")["message"]},
    {"channel_post": {"message_id": 3, "date": 1700000000, "text": "x",
                      "chat": {"id": -100123, "type": "channel"}}},
    {"my_chat_member": {"chat": {"id": CHAT, "type": "private"},
                        "from": {"id": CHAT, "is_bot": False, "first_name": "A"},
                        "date": 1700000000,
                        "old_chat_member": {"status": "member",
                                            "user": {"id": 1, "is_bot": True, "first_name": "B"}},
                        "new_chat_member": {"status": "kicked", "until_date": 0,
                                            "user": {"id": 1, "is_bot": True,
                                                     "first_name": "B"}}}},
    {"message": {"message_id": 4, "date": 1700000000, "text": "hi",
                 "chat": {"id": -5, "type": "group", "title": "g"}}},
])
def test_update_kinds_we_do_not_handle_are_acknowledged_and_ignored(
        send_update, fake_telegram, db, update):
    response = send_update(update)
    assert response.status_code == 200
    assert sent_to(fake_telegram, CHAT) == [] and sql_count(db, "messages") == 0


@pytest.mark.parametrize("body", [
    b"{not json", b"[]", b'{"message": {}}', b'"text"', b'{"update_id": "seven"}',
    b'{"update_id": 1, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # 100,000 deep
], ids=lambda body: body[:30].decode())
def test_malformed_updates_get_400(client, body):
    response = client.post("/telegram/webhook", data=body, content_type="application/json",
                           headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    assert response.status_code == 400


def test_a_photo_without_text_gets_help(send_update, fake_telegram):
    photo = telegram_text(CHAT, "")
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 1,
                                  "height": 1}]
    assert send_update(photo).status_code == 200
    assert buttons_of(sent_to(fake_telegram)[-1])  # the language menu, with its buttons


def test_a_failing_bot_api_loses_nothing(app, send_update, fake_telegram, db):
    fake_telegram.fail_next = 1
    assert send_update(telegram_text(CHAT, "/start")).status_code == 200
    message = db.scalar(select(Message).where(Message.direction == "out"))
    assert message.status == "queued" and message.attempts == 1
    message.due_at = message.created_at  # due now, as the clock would find it later
    db.commit()
    with app.app_context():
        outbox = app.extensions["bot"].outbox
        from bot.sessions import new_session

        with new_session(app) as session:
            assert outbox.deliver_due(session) == 1
    assert len(sent_to(fake_telegram)) == 1
    db.expire_all()
    assert db.get(Message, message.id).status == "sent"


def test_a_blocked_bot_is_not_retried(send_update, fake_telegram, db):
    send_update(telegram_text(403, "/start"))
    message = db.scalar(select(Message).where(Message.direction == "out"))
    assert message.status == "failed" and "Forbidden" in message.last_error


def test_set_webhook_command(runner, fake_telegram):
    result = runner.invoke(args=["telegram", "set-webhook"])
    assert result.exit_code == 0, result.output
    [call] = fake_telegram.calls("setWebhook")
    assert call["url"] == "https://bot.example.org/telegram/webhook"
    assert call["secret_token"] == TELEGRAM_SECRET
    assert call["allowed_updates"] == ["message", "callback_query"]


def test_two_chats_with_the_same_message_numbers(send_update, fake_telegram, db):
    # Telegram numbers messages per chat, so both chats' first replies have the same id.
    send_update(telegram_text(CHAT, "/start"))
    send_update(telegram_text(CHAT + 1, "/start"))
    out = db.scalars(select(Message).where(Message.direction == "out")).all()
    assert [m.status for m in out] == ["sent", "sent"]
    assert len({m.external_id for m in out}) == 2
    assert all(str(CHAT) not in m.external_id for m in out)


def test_delete_command_removes_the_bots_messages_and_our_copy(send_update, fake_telegram, db):
    send_update(telegram_text(CHAT, "/start"))
    send_update(telegram_button(CHAT, "lang:km"))
    sent_ids = [100, 101]  # the fake numbers each chat's messages from 100
    command = telegram_text(CHAT, "/delete")
    command["message"]["message_id"] = 55
    assert send_update(command).status_code == 200
    [call] = fake_telegram.calls("deleteMessages")
    assert int(call["chat_id"]) == CHAT
    assert sorted(call["message_ids"]) == sorted([*sent_ids, 55])
    assert len(sent_to(fake_telegram)) == 2  # no reply to /delete: nothing new on the screen
    assert all(body is None for body in db.scalars(select(Message.body)))


def test_delete_cancels_what_is_still_queued(app, send_update, fake_telegram, db):
    """A reply waiting in the outbox when the person sends /delete is never sent."""
    from tests.helpers import queue_message

    send_update(telegram_text(CHAT, "/start"))
    queued = queue_message(app, str(CHAT), "Message from our partner organisation: call us",
                           channel="telegram")
    send_update(telegram_text(CHAT, "/delete"))
    message = db.get(Message, queued)
    assert (message.status, message.body) == ("cancelled", None)
    with app.extensions["db_sessionmaker"]() as session:
        app.extensions["bot"].outbox.deliver_due(session)
    assert all("partner" not in call.get("text", "") for call in sent_to(fake_telegram))
    assert db.get(Message, queued).status == "cancelled"


def _wrong(path: tuple, value):
    update = telegram_text(CHAT, "hello")
    node = update
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return update


@pytest.mark.parametrize("update", [
    _wrong(("message", "text"), 12345),
    _wrong(("message", "text"), ["a", "list"]),
    _wrong(("message", "chat", "id"), None),
    _wrong(("message", "chat", "id"), "1001"),
    _wrong(("message", "chat", "id"), 1001.5),
    _wrong(("message", "chat", "id"), True),
    _wrong(("message", "chat", "id"), 10**30),
    _wrong(("message", "entities"), {"type": "bold"}),
    _wrong(("message", "message_id"), "one"),
    _wrong(("message",), "not a message"),
    {**telegram_button(CHAT, "x"), "callback_query": {
        **telegram_button(CHAT, "x")["callback_query"], "data": {"o": 1}}},
    {**telegram_button(CHAT, "x"), "callback_query": {
        **telegram_button(CHAT, "x")["callback_query"], "id": 7}},
], ids=lambda update: str(update)[:60])
def test_updates_with_wrong_types_get_400_and_store_nothing(send_update, db, update):
    assert send_update(update).status_code == 400
    assert sql_count(db, "contacts") == 0 and sql_count(db, "messages") == 0


def test_a_button_press_without_its_message_is_acknowledged(send_update, db):
    update = telegram_button(CHAT, "o:1:1")
    del update["callback_query"]["message"]
    assert send_update(update).status_code == 200
