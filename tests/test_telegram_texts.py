"""Telegram texts fit Telegram (issue 9): every question with buttons, reached by pressing
buttons from /start in a real conversation, offers a way back to the menu and never asks
to "reply with a number" above buttons that carry none."""

from __future__ import annotations

import itertools

import pytest

from tests.helpers import menu_heading, telegram_button, telegram_text

MAX_QUESTIONS = 120
chats = itertools.count(880_000_001)


def last_message(fake_telegram, chat: int) -> dict:
    return [c for c in fake_telegram.calls("sendMessage") if int(c["chat_id"]) == chat][-1]


def buttons(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def replay(send_update, fake_telegram, locale: str, path: tuple[int, ...]) -> dict:
    """A new chat that chooses `locale` and presses the buttons at `path`, in turn."""
    chat = next(chats)
    send_update(telegram_text(chat, "/start"))
    send_update(telegram_button(chat, f"lang:{locale}"))
    for index in path:
        pressed = buttons(last_message(fake_telegram, chat))[index]
        send_update(telegram_button(chat, pressed["callback_data"]))
    return last_message(fake_telegram, chat)


@pytest.mark.parametrize("locale", ["en", "km", "my"])
def test_every_question_with_buttons_offers_the_menu_and_no_numbers(send_update,
                                                                    fake_telegram, catalogs,
                                                                    locale):
    homes = tuple(menu_heading(catalogs, lang, "telegram")
                  for lang in ("en", "km", "km-Latn", "lo", "my", "th", "vi"))
    menu_label = catalogs.gettext(locale, "Menu")
    numbers = [catalogs.gettext(lang, "Reply with a number:") for lang in ("en", locale)]
    seen: set[str] = set()
    queue: list[tuple[int, ...]] = [()]
    while queue and len(seen) < MAX_QUESTIONS:
        path = queue.pop(0)
        message = replay(send_update, fake_telegram, locale, path)
        key = message["text"] + "|" + "|".join(b["text"] for b in buttons(message))
        if key in seen or not buttons(message):
            continue
        seen.add(key)
        assert not any(number in message["text"] for number in numbers), message["text"]
        assert "reply with a number" not in message["text"].lower()
        labels = [b["text"] for b in buttons(message)]
        if message["text"].startswith(homes):
            assert menu_label not in labels  # the menu itself
        else:
            assert menu_label in labels, (path, message["text"][:80], labels)
        # Not the way home, and not into another language (its menu is another walk's).
        queue += [(*path, index) for index, button in enumerate(buttons(message))
                  if button["text"] != menu_label and len(path) < 4
                  and not button["callback_data"].startswith("lang:")]
    assert len(seen) >= 20  # the walk really went through the flows


def test_the_menu_button_brings_the_menu_back(send_update, fake_telegram, catalogs):
    message = replay(send_update, fake_telegram, "lo", (2,))  # At work: your rights
    chat = int(message["chat_id"])
    menu = next(b for b in buttons(message) if b["text"] == catalogs.gettext("lo", "Menu"))
    send_update(telegram_button(chat, menu["callback_data"]))
    assert last_message(fake_telegram, chat)["text"] == menu_heading(catalogs, "lo", "telegram")


def test_the_language_keyboard_offers_the_menu_once_a_language_is_set(send_update,
                                                                      fake_telegram, catalogs):
    chat = next(chats)
    send_update(telegram_text(chat, "/start"))
    first = last_message(fake_telegram, chat)
    assert all(b["callback_data"].startswith("lang:") for b in buttons(first))
    send_update(telegram_button(chat, "lang:th"))
    send_update(telegram_text(chat, "/language"))
    labels = [b["text"] for b in buttons(last_message(fake_telegram, chat))]
    assert catalogs.gettext("th", "Menu") in labels
