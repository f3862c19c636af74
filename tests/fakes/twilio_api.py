"""A local server that speaks the part of Twilio's REST API the service uses."""

from __future__ import annotations

import base64
import re
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http_fake import FakeServer, Recorded

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")


class FakeTwilio(FakeServer):
    def __init__(self, account_sid: str, auth_token: str) -> None:
        super().__init__()
        self.account_sid, self.auth_token = account_sid, auth_token
        self.created: list[dict] = []  # what the message list answers

    def reset(self) -> None:
        super().reset()
        self.created.clear()

    @property
    def sent(self) -> list[Recorded]:
        """Messages the fake accepted (201); refused requests were not sent."""
        return [r for r in self.requests if MESSAGES_PATH.match(r.path) and r.status == 201]

    def throttled_body(self) -> dict:
        return {"code": 20429, "message": "Too Many Requests", "status": 429}

    def respond(self, record: Recorded) -> tuple[int, dict]:
        expected = "Basic " + base64.b64encode(
            f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if record.headers.get("Authorization") != expected:
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        match = MESSAGES_PATH.match(record.path.split("?")[0])
        if not match or match.group("sid") != self.account_sid:
            return 404, {"code": 20404, "message": "not found", "status": 404}
        if record.method == "GET":  # the message list, filtered by recipient
            query = parse_qs(urlsplit(record.path).query)
            to = (query.get("To") or [None])[0]
            return 200, {"messages": [m for m in self.created if to in (None, m["to"])],
                         "next_page_uri": None}
        if not record.form.get("To") or not record.form.get("Body"):
            return 400, {"code": 21604, "message": "To and Body are required", "status": 400}
        if not E164.match(record.form["To"]):
            return 400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}
        sid = "SM" + uuid.uuid4().hex
        created = {
            "sid": sid, "account_sid": self.account_sid, "to": record.form["To"],
            "from": record.form.get("From"), "body": record.form["Body"], "status": "queued",
            "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
            "date_created": format_datetime(datetime.now(UTC), usegmt=True),
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        self.created.append(created)
        return 201, created
