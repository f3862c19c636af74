"""The chat simulator at `/`: talk to the bot as an SMS or Telegram user, in any language,
and see exactly what would be sent (for SMS, the encoding and segments of each message).

Simulator contacts live at addresses starting with `sim:`, so nothing sent to them can
reach a real phone, whatever providers are configured. Each browser session has its own
addresses (`sim:<session token>:<address>`), so nobody reads another's conversation.

In production (provider credentials set, or APP_ENV=production) the simulator is for
logged-in staff only (the dashboard's login, Flask-Login), and runs in a
sandbox: JOIN, reporters' codes and a migrant's request to be contacted show the
notifications they would send (`bot.alerts.preview`), and nothing is sent, stored as an
alert, enrolled or used up.

The page's POST routes answer errors as JSON `{"error": "<sentence>"}`, a sentence the page
shows as it is (Werkzeug's HTML error pages are no use inside a chat bubble).
"""

from __future__ import annotations

import uuid
from functools import partial

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request
from flask import session as browser
from flask_login import current_user
from sqlalchemy import or_, select
from werkzeug.exceptions import HTTPException

from bot.channels import registry
from bot.channels.registry import render
from bot.contacts import find_contact
from bot.inbound import InboundMessage, receive
from bot.models import Message
from bot.services import services
from bot.sessions import get_session

bp = Blueprint("simulator", __name__)
MAX_ADDRESS = 40
MAX_TEXT = 5000


def _guard() -> None:
    if current_app.config.get("PRODUCTION") and not current_user.is_authenticated:
        abort(403, "Only logged-in staff can use the simulator on this server.")


def sandboxed() -> bool:
    return bool(current_app.config.get("PRODUCTION"))


def _browser_token() -> str:
    """A random token per browser session: the first part of every simulated address."""
    if "sim" not in browser:
        browser["sim"] = uuid.uuid4().hex[:16]
    return browser["sim"]


@bp.before_request
def _only_for_whom_it_is() -> None:
    _guard()


@bp.errorhandler(HTTPException)
def _error_as_json(error: HTTPException):
    """The page's fetch() calls get a sentence to show; the page itself keeps HTML errors."""
    if request.method != "POST":
        return error
    sentence = error.description
    if error.code is None or error.code >= 500:
        # Never show a traceback's words or an internal message to whoever is typing.
        sentence = "Something went wrong on the server. Please try again in a moment."
    return jsonify(error=sentence), error.code or 500


@bp.get("/")
def page() -> str:
    return render_template("simulator.html", channels=registry.channels(),
                           languages=services().engine.languages.all)


def _payload() -> tuple[str, str, dict]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "The request must be a JSON object.")
    channel, address = data.get("channel"), data.get("address")
    if channel not in registry.names():  # every registered channel can be tried here
        abort(400, f"The channel must be one of: {', '.join(registry.names())}.")
    if not isinstance(address, str) or not address.strip() or len(address) > MAX_ADDRESS:
        abort(400, f"Enter a phone number or chat id of 1 to {MAX_ADDRESS} characters.")
    return channel, f"sim:{_browser_token()}:{address.strip()}", data


def _as_json(message: Message) -> dict:
    return {"id": message.id, "direction": message.direction, "body": message.body,
            "buttons": message.buttons, "encoding": message.encoding,
            "segments": message.segments}


@bp.post("/simulator/send")
def send():
    channel, address, data = _payload()
    text, callback = data.get("text", ""), data.get("callback")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        abort(400, f"A message can be at most {MAX_TEXT} characters long.")
    if callback is not None and (not isinstance(callback, str) or len(callback) > 64):
        abort(400, "A button's data can be at most 64 characters long.")
    svc = services()
    inbound = InboundMessage(channel=channel, address=address, text=text,
                             external_id=f"sim-{uuid.uuid4().hex}", callback=callback)
    session = get_session()
    joined = dict(browser.get("sim_joined", {})) if sandboxed() else None
    outcome = receive(session, svc.cipher, inbound,
                      render=partial(render, channel, max_segments=svc.max_segments),
                      reply_status="simulated", handlers=svc.handlers, sandbox=joined)
    if joined is not None:
        browser["sim_joined"] = joined
    svc.outbox.deliver(session, outcome.deliver_now)
    return jsonify(replies=[_as_json(message) for message in outcome.replies])


@bp.post("/simulator/messages")
def messages():
    """Everything sent to this simulator contact after `after` (for messages sent later).

    With `"both": true` the person's own messages come too, in order, so a reloaded page
    can rebuild the whole thread from the server."""
    channel, address, data = _payload()
    after, both = data.get("after", 0), data.get("both", False)
    if not isinstance(after, int) or isinstance(after, bool):
        abort(400, "The message id to start after must be a whole number.")
    if not isinstance(both, bool):
        abort(400, "The flag for both directions must be true or false.")
    session = get_session()
    contact = find_contact(session, services().cipher, channel, address)
    if contact is None:
        return jsonify(messages=[])
    sent = (Message.direction == "out") & Message.status.in_(("simulated", "sent", "delivered"))
    rows = session.scalars(select(Message).where(
        Message.contact_id == contact.id, Message.id > after,
        or_(sent, Message.direction == "in") if both else sent).order_by(Message.id))
    return jsonify(messages=_thread(rows))


def _thread(rows) -> list[dict]:
    """Messages as JSON; a pressed button (stored as its callback data) gets its label back
    from the buttons of the message before it, so the page shows what the person tapped."""
    thread, labels = [], {}
    for message in rows:
        item = _as_json(message)
        if message.direction == "out" and message.buttons:
            labels = {b["callback_data"]: b["text"] for row in message.buttons for b in row}
        elif message.direction == "in" and message.body in labels:
            item["pressed"] = labels[message.body]
        thread.append(item)
    return thread


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
