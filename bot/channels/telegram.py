"""Telegram: the secret-checked webhook, replies through python-telegram-bot's Bot, and
registering the webhook (`flask --app app telegram set-webhook`, in `bot/cli/telegram.py`)."""

from __future__ import annotations

import hmac
import logging
import re
from datetime import datetime
from typing import Literal

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels import registry
from bot.channels.render import render_telegram
from bot.channels.telegram_erase import erase_chat, is_erase_command
from bot.channels.telegram_runtime import TelegramRuntime
from bot.inbound import InboundMessage, receive
from bot.outbox import SendError
from bot.services import services
from bot.sessions import get_session

log = logging.getLogger(__name__)
bp = Blueprint("telegram", __name__, url_prefix="/telegram")

SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts


class NotConfigured(RuntimeError):
    """A setting the bot needs for this is not set."""


@bp.post("/webhook")
def webhook() -> Response | tuple[Response, int]:
    secret = current_app.config["TELEGRAM_WEBHOOK_SECRET"] or ""
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        log.warning("Telegram webhook with a wrong or missing secret token: refused")
        abort(403)
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep
        data = None
    if not isinstance(data, dict) or not _is_int(data.get("update_id")):
        abort(400, "a JSON Telegram Update is required")
    if not well_formed(data):
        log.warning("malformed Telegram update %s", data.get("update_id"))
        abort(400, "malformed Telegram Update")
    try:
        update = Update.de_json(data, None)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        log.warning("malformed Telegram update %s", data.get("update_id"))
        abort(400, "malformed Telegram Update")

    inbound, answer = _inbound_from(update)
    if inbound is None:
        log.info("Telegram update %s of a kind we do not handle: ignored", update.update_id)
        return jsonify({})
    svc = services()
    session = get_session()
    if inbound.callback is None and is_erase_command(inbound.text):
        erase_chat(session, svc.cipher, current_app.extensions.get("telegram_runtime"),
                   inbound, update.message.message_id)
        return jsonify({})
    outcome = receive(session, svc.cipher, inbound, render=render_telegram,
                      reply_status="queued", handlers=svc.handlers)
    if not outcome.duplicate:
        # Committed already: if sending fails now, the clock process retries it.
        svc.outbox.deliver(session, [message.id for message in outcome.replies]
                           + outcome.deliver_now)
    # Answering a button press in the webhook response stops its spinner at no extra call.
    return jsonify(answer or {})


# Chat ids fit in 52 bits (Bot API); anything else is not a chat.
MAX_CHAT_ID = 2**52


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def well_formed(data: dict) -> bool:
    """The fields we read have the types the Bot API gives them. python-telegram-bot trusts
    its input, so a chat id that is a string or a text that is a list would reach us."""
    message = data.get("message")
    query = data.get("callback_query")
    if query is not None:
        if not isinstance(query, dict) or not isinstance(query.get("id"), str):
            return False
        if not isinstance(query.get("data", ""), str) or len(query.get("data", "")) > 64:
            return False
        message = query.get("message")
        if message is None:
            return "message" not in query and _is_user(query.get("from"))
    if message is None:
        return True  # a kind of update we do not handle: acknowledged, ignored
    if not isinstance(message, dict) or not _is_int(message.get("message_id")):
        return False
    chat = message.get("chat")
    if not isinstance(chat, dict) or not _is_int(chat.get("id")) \
            or abs(chat["id"]) > MAX_CHAT_ID or not isinstance(chat.get("type"), str):
        return False
    for key in ("text", "caption"):
        if key in message and not isinstance(message[key], str):
            return False
    return all(isinstance(message.get(key, []), list)
               for key in ("entities", "caption_entities"))


def _is_user(user: object) -> bool:
    return isinstance(user, dict) and _is_int(user.get("id"))


def _inbound_from(update: Update) -> tuple[InboundMessage | None, dict | None]:
    """Our message for a private text message or button press; None for anything else."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return None, None
    if update.callback_query is not None:
        query = update.callback_query
        answer = {"method": "answerCallbackQuery", "callback_query_id": query.id}
        return InboundMessage(channel="telegram", address=str(chat.id), text="",
                              external_id=str(update.update_id),
                              callback=query.data or ""), answer
    if update.message is not None:
        # Photos, stickers and voice notes have no text: they get the help text.
        text = update.message.text or update.message.caption or ""
        return InboundMessage(channel="telegram", address=str(chat.id), text=text,
                              external_id=str(update.update_id)), None
    return None, None


class TelegramSender:
    ids_per_chat = True  # Telegram numbers messages within each chat

    def __init__(self, runtime: TelegramRuntime):
        self.runtime = runtime

    def send(self, address: str, body: str, buttons: list | None) -> str | None:
        markup = None
        if buttons:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(**button) for button in row]
                                           for row in buttons])
        try:
            message = self.runtime.run(lambda bot: bot.send_message(
                chat_id=int(address), text=body, reply_markup=markup))
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
            raise SendError(f"Telegram rate limit, retry after {seconds:.0f} s",
                            retry_after=seconds) from exc
        except (Forbidden, BadRequest) as exc:
            # Blocked by the user or a chat that does not exist: retrying cannot help.
            raise SendError(f"Telegram refused: {type(exc).__name__}", permanent=True) from exc
        except (NetworkError, TelegramError, TimeoutError) as exc:
            raise SendError(f"Telegram unreachable: {type(exc).__name__}") from exc
        return str(message.message_id)

    def find_sent(self, address: str, body: str, since: datetime) -> Literal[False]:
        """The Bot API keeps no list of sent messages: we cannot know, so say so."""
        return False


def set_webhook(app: Flask) -> str:
    """Register PUBLIC_BASE_URL/telegram/webhook with the secret token; returns that URL."""
    config = app.config
    base, secret = config["PUBLIC_BASE_URL"], config["TELEGRAM_WEBHOOK_SECRET"]
    if not base:
        raise NotConfigured("PUBLIC_BASE_URL is not set")
    if not secret:
        raise NotConfigured("TELEGRAM_WEBHOOK_SECRET is not set")
    runtime = app.extensions.get("telegram_runtime")
    if runtime is None:
        raise NotConfigured("TELEGRAM_BOT_TOKEN is not set")
    url = f"{base}/telegram/webhook"
    runtime.run(lambda bot: bot.set_webhook(
        url=url, secret_token=secret, allowed_updates=["message", "callback_query"]))
    return url


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    registry.provider_signed(app, bp.name)  # checked by its signature, not CSRF
    secret = app.config["TELEGRAM_WEBHOOK_SECRET"]
    if secret and not SECRET_RE.match(secret):
        raise RuntimeError(
            "TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -, 1 to 256 characters"
        )
    token = app.config["TELEGRAM_BOT_TOKEN"]
    if token:
        # One runtime (one event loop) per process, shared by the sender, /delete and
        # set-webhook.
        app.extensions["telegram_runtime"] = TelegramRuntime(
            token, app.config["TELEGRAM_API_BASE_URL"])


def build_sender(app: Flask) -> TelegramSender | None:
    """The outbox's Telegram sender, when a bot token is set (bot.channels.registry)."""
    runtime = app.extensions.get("telegram_runtime")
    return TelegramSender(runtime) if runtime is not None else None
