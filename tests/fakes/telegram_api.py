"""A local server that speaks the part of the Telegram Bot API the service uses."""

from __future__ import annotations

import itertools
import json
import time

from tests.fakes.http_fake import FakeServer, Recorded


class FakeTelegram(FakeServer):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._message_ids: dict[int, itertools.count] = {}

    def reset(self) -> None:
        super().reset()
        self._message_ids.clear()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL is set to (python-telegram-bot appends the token)."""
        return f"{self.url}/bot"

    def calls(self, method: str) -> list[dict]:
        """The parameters of every call of `method`, JSON values decoded."""
        return [_decoded(r.form) for r in self.requests if r.path.endswith(f"/{method}")]

    def throttled_body(self) -> dict:
        return {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after "
                f"{self.retry_after}", "parameters": {"retry_after": self.retry_after}}

    def respond(self, record: Recorded) -> tuple[int, dict]:
        prefix = f"/bot{self.token}/"
        if not record.path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = record.path[len(prefix):]
        params = _decoded(record.form)
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": 4242, "is_bot": True,
                                                "first_name": "Safe Work",
                                                "username": "safe_work_test_bot"}}
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            if chat_id == 403:
                return 403, {"ok": False, "error_code": 403,
                             "description": "Forbidden: bot was blocked by the user"}
            return 200, {"ok": True, "result": {
                "message_id": next(self._message_ids.setdefault(chat_id, itertools.count(100))),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"}, "text": params["text"]}}
        if method in ("setWebhook", "answerCallbackQuery", "deleteMessage", "deleteMessages"):
            return 200, {"ok": True, "result": True}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


JSON_FIELDS = {"reply_markup", "allowed_updates", "message_ids"}


def _decoded(form: dict) -> dict:
    """python-telegram-bot posts a form; structured values are JSON strings inside it."""
    return {key: json.loads(value) if key in JSON_FIELDS else value
            for key, value in form.items()}
