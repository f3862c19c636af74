"""SMS through Twilio: signed webhooks in, TwiML answers, REST sends, status callbacks."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from functools import partial

from flask import Blueprint, Flask, Response, abort, current_app, request
from sqlalchemy import select
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from bot.alerts.audit import record_delivery
from bot.alerts.delivery import FAILED, delivery_failed
from bot.channels import registry
from bot.channels.render import render_sms
from bot.inbound import InboundMessage, receive
from bot.logmask import mask_address
from bot.models import Message
from bot.outbox import SendError
from bot.services import services
from bot.sessions import get_session

log = logging.getLogger(__name__)
bp = Blueprint("twilio_sms", __name__, url_prefix="/sms/twilio")

# Later statuses never step back to earlier ones: callbacks can arrive out of order.
STATUS_RANK = {"queued": 0, "accepted": 0, "scheduled": 0, "sending": 1, "sent": 2,
               "delivered": 4, "read": 4, "undelivered": 3, "failed": 3, "canceled": 3,
               "partially_delivered": 3}


def _signed_url() -> str:
    """The URL Twilio signed: our public URL when behind a proxy, else the request's."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        return request.url
    query = request.query_string.decode()
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def _require_signature() -> None:
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        log.warning("SMS webhook without %s: refused", "credentials" if not token else "signature")
        abort(403)
    if not RequestValidator(token).validate(_signed_url(), request.form, signature):
        log.warning("SMS webhook with a wrong signature: refused")
        abort(403)


def _twiml(bodies: list[str]) -> Response:
    response = MessagingResponse()
    for body in bodies:
        response.message(body)
    return Response(str(response), mimetype="application/xml")


@bp.post("")
def inbound_sms() -> Response:
    _require_signature()
    sender, sid = request.form.get("From", "").strip(), request.form.get("MessageSid", "").strip()
    if not sender or not sid:
        abort(400, "From and MessageSid are required")
    if len(sid) > 64 or not sid.isascii() or not sid.isalnum() or len(sender) > 40:
        abort(400, "MessageSid or From is not one Twilio sends")
    svc = services()
    inbound = InboundMessage(channel="sms", address=sender,
                             text=request.form.get("Body", ""), external_id=sid)
    session = get_session()
    outcome = receive(session, svc.cipher, inbound,
                      render=partial(render_sms, max_segments=svc.max_segments),
                      reply_status="answered", handlers=svc.handlers)
    # Stored and committed already; the notifications leave now, the outbox retries them.
    svc.outbox.deliver(session, outcome.deliver_now)
    return _twiml([message.body or "" for message in outcome.replies])


@bp.post("/status")
def status_callback() -> tuple[str, int]:
    _require_signature()
    sid, status = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "")
    if not sid or status not in STATUS_RANK:
        abort(400, "MessageSid and a known MessageStatus are required")
    session, svc = get_session(), services()
    message = session.scalar(select(Message).where(
        Message.channel == "sms", Message.direction == "out", Message.external_id == sid))
    if message is None:
        log.info("status %s for an SMS we do not know: ignored", status)
        return "", 204
    if STATUS_RANK[status] >= STATUS_RANK.get(message.status, -1):
        message.status = status
        if request.form.get("ErrorCode"):
            message.last_error = f"Twilio error {request.form['ErrorCode'][:20]}"
        record_delivery(session, message.id, status)
        resend = []
        if status in FAILED and svc.network is not None:
            resend = delivery_failed(session, svc.network, message.id)
        session.commit()
        svc.outbox.deliver(session, resend)
    return "", 204


# A provider that does not answer must not hold a webhook past Twilio's own 15 seconds.
TWILIO_TIMEOUT_SECONDS = 10


class _RecordingHttpClient(TwilioHttpClient):
    """twilio's HTTP client, remembering (per thread) the last response's Retry-After."""

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)
        self._last = threading.local()

    def request(self, *args: object, **kwargs: object):  # noqa: ANN201
        self._last.response = None
        response = super().request(*args, **kwargs)
        self._last.response = response
        return response

    def retry_after(self) -> float | None:
        response = getattr(self._last, "response", None)
        value = (response.headers or {}).get("Retry-After") if response is not None else None
        try:
            return float(value) if value is not None else None
        except ValueError:  # an HTTP date: fall back to our own backoff
            return None


class TwilioSender:
    """Sends SMS with the twilio library's REST client, at `TWILIO_API_BASE_URL`."""

    ids_per_chat = False

    def __init__(self, config: dict):
        self.http = _RecordingHttpClient(timeout=TWILIO_TIMEOUT_SECONDS)
        self.client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                             http_client=self.http)
        self.client.api.base_url = config["TWILIO_API_BASE_URL"].rstrip("/")
        self.sender = ({"messaging_service_sid": config["TWILIO_MESSAGING_SERVICE_SID"]}
                       if config.get("TWILIO_MESSAGING_SERVICE_SID")
                       else {"from_": config["TWILIO_FROM_NUMBER"]})
        base = config.get("PUBLIC_BASE_URL")
        self.status_callback = f"{base}/sms/twilio/status" if base else None

    def send(self, address: str, body: str, buttons: list | None) -> str | None:
        extra = {"status_callback": self.status_callback} if self.status_callback else {}
        try:
            message = self.client.messages.create(to=address, body=body, **self.sender, **extra)
        except TwilioRestException as exc:
            # 4xx other than rate limiting will fail the same way again.
            permanent = 400 <= exc.status < 500 and exc.status != 429
            raise SendError(f"Twilio {exc.status} error {exc.code}", permanent,
                            retry_after=self.http.retry_after()) from exc
        except OSError as exc:  # connection refused, timeouts, DNS
            raise SendError(f"Twilio unreachable: {type(exc).__name__}") from exc
        log.info("SMS %s sent to %s", message.sid, mask_address(address))
        return message.sid

    def find_sent(self, address: str, body: str, since: datetime) -> str | None:
        """Twilio's message list for this recipient since `since`: the sid of a message
        with this body, if one went out before a crash."""
        try:
            sent = self.client.messages.list(to=address, date_sent_after=since, limit=50)
        except (TwilioRestException, OSError) as exc:
            raise SendError(f"Twilio message list failed: {type(exc).__name__}") from exc
        aware = since.replace(tzinfo=UTC)
        for message in sent:
            created = message.date_created
            if message.body == body and (created is None or created >= aware):
                return message.sid
        return None


def init_app(app: Flask) -> None:
    """The SMS channel's web side (bot.channels.registry calls it)."""
    app.register_blueprint(bp)
    registry.provider_signed(app, bp.name)  # checked by its signature, not CSRF


def build_sender(app: Flask) -> TwilioSender | None:
    """The outbox's SMS sender, when Twilio credentials are set (bot.channels.registry)."""
    config = app.config
    if not (config["TWILIO_ACCOUNT_SID"] and config["TWILIO_AUTH_TOKEN"]):
        return None
    if not (config["TWILIO_FROM_NUMBER"] or config["TWILIO_MESSAGING_SERVICE_SID"]):
        raise RuntimeError(
            "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID must be set with the "
            "Twilio credentials"
        )
    return TwilioSender(config)
