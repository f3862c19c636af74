"""Constants and builders shared by the tests."""

from __future__ import annotations

import itertools
import re

from sqlalchemy import text
from twilio.request_validator import RequestValidator

TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "test-auth-token-123456"
TELEGRAM_TOKEN = "123456:TEST-token_abc"
TELEGRAM_SECRET = "hook-secret_XYZ"
PUBLIC_BASE_URL = "https://bot.example.org"
DATA_KEY = "test-data-key-0123456789abcdef"
# Numbers from ranges that are never assigned to a subscriber.
THAI_NUMBER = "+66800000123"
CAMBODIAN_NUMBER = "+85512000999"


_sids = itertools.count(1)


_update_ids = itertools.count(5000)


def new_update_id() -> int:
    return next(_update_ids)


def new_sid() -> str:
    return f"SM{next(_sids):032d}"


def twilio_signature(url: str, params: dict) -> str:
    return RequestValidator(TWILIO_TOKEN).compute_signature(url, params)


def telegram_text(chat_id: int, text: str) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "A"}
    return {"message": {"message_id": 1, "date": 1700000000, "text": text,
                        "chat": {"id": chat_id, "type": "private"}, "from": user}}


def telegram_button(chat_id: int, data: str) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "A"}
    message = {"message_id": 2, "date": 1700000000, "text": "menu",
               "chat": {"id": chat_id, "type": "private"}}
    return {"callback_query": {"id": f"cq{chat_id}", "from": user, "chat_instance": "ci",
                               "data": data, "message": message}}


def sql_count(session, table: str, where: str = "TRUE") -> int:
    """Rows in `table` (a name from the test itself) matching the SQL condition `where`."""
    return session.execute(text(f"SELECT COUNT(*) FROM {table} WHERE {where}")).scalar()  # noqa: S608


def queue_message(app, address: str, body: str, channel: str = "sms", **fields) -> int:
    """Put a message in the outbox as the service does for anything sent later."""
    from bot.contacts import get_or_create_contact
    from bot.sessions import new_session

    services = app.extensions["bot"]
    with new_session(app) as session:
        contact = get_or_create_contact(session, services.cipher, channel, address)
        session.flush()
        message = services.outbox.enqueue(session, contact, body, **fields)
        session.commit()
        return message.id


def menu_heading(catalogs, locale: str, channel: str = "sms") -> str:
    """The main menu's first line as the channel shows it: SMS asks for a number, Telegram's
    buttons need no such line."""
    heading = catalogs.gettext(locale, "Safe work advice.")
    if channel == "telegram":
        return heading
    return f"{heading} {catalogs.gettext(locale, 'Reply with a number:')}"


_CSRF_RE = re.compile(r'name="csrf[-_]token"[^>]*(?:value|content)="([^"]+)"')


def csrf_token_of(page: str) -> str:
    """The CSRF token a dashboard page carries (its forms' hidden field or its meta tag)."""
    match = _CSRF_RE.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


STAFF_PASSWORD = "correct horse battery staple"


def log_in_staff(client, role: str = "ngo", email: str | None = None, locale: str = "en",
                 responder: str | None = None):
    """Log `client` in to the dashboard (creating the account on first use) and make it send
    the CSRF token with every request, as the pages' scripts do."""
    from bot.sessions import new_session
    from bot.staff import accounts

    email = email or f"{role}-{locale}@example.org"
    with client.application.app_context(), new_session() as session:
        if accounts.find_account(session, email) is None:
            accounts.add_account(session, email, role, STAFF_PASSWORD, locale, responder)
            session.commit()
    token = csrf_token_of(client.get("/staff/login").get_data(as_text=True))
    response = client.post("/staff/login", data={"csrf_token": token, "email": email,
                                                 "password": STAFF_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token_of(
        client.get("/staff/account").get_data(as_text=True))
    return client
