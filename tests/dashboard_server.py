"""The service as a host runs it, for the dashboard's browser tests: the web process and
the clock process on the suite's test database, their Twilio and Telegram pointed at the
local fake servers, and helpers that send what Twilio and Telegram would send."""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen
from urllib.parse import urlencode

from bot import create_app
from bot.db import Base
from tests.helpers import (
    DATA_KEY,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_SID,
    TWILIO_TOKEN,
    new_sid,
    new_update_id,
    twilio_signature,
)
from tests.processes import free_port, start, stop, wait_for


@dataclass
class Service:
    base: str
    env: dict[str, str]
    folder: Path
    web: Popen
    clock: Popen | None = None
    logs: list[Path] = field(default_factory=list)

    def app(self):
        """The same app in this process, for setting up rows (accounts, reporters)."""
        return create_app({"DATABASE_URL": self.env["DATABASE_URL"], "DATA_KEY": DATA_KEY,
                           "SECRET_KEY": self.env["SECRET_KEY"],
                           "PUBLIC_BASE_URL": self.base, "TESTING": True})

    def start_clock(self) -> None:
        log = self.folder / f"clock-{len(self.logs)}.log"
        self.logs.append(log)
        self.clock = start("flask --app app scheduler", self.env, log)

    def stop_clock(self) -> None:
        if self.clock is not None:
            stop(self.clock)
            self.clock = None

    def sms(self, sender: str, body: str) -> int:
        """An inbound SMS, signed as Twilio signs it."""
        params = {"From": sender, "To": self.env["TWILIO_FROM_NUMBER"], "Body": body,
                  "MessageSid": new_sid(), "AccountSid": TWILIO_SID, "NumMedia": "0"}
        url = f"{self.base}/sms/twilio"
        request = urllib.request.Request(url, data=urlencode(params).encode(), headers={
            "X-Twilio-Signature": twilio_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status

    def telegram(self, chat_id: int, text: str | None = None,
                 callback: str | None = None) -> int:
        """A Telegram update: a text message, or a button press."""
        chat = {"id": chat_id, "type": "private"}
        sender = {"id": chat_id, "is_bot": False, "first_name": "M"}
        if callback is None:
            update = {"message": {"message_id": new_update_id(), "date": int(time.time()),
                                  "chat": chat, "from": sender, "text": text}}
        else:
            update = {"callback_query": {"id": str(new_update_id()), "from": sender,
                                         "chat_instance": "1", "data": callback,
                                         "message": {"message_id": 1, "date": int(time.time()),
                                                     "chat": chat, "text": "menu"}}}
        request = urllib.request.Request(
            f"{self.base}/telegram/webhook",
            data=json.dumps({"update_id": new_update_id(), **update}).encode(),
            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status


def start_service(migrated_database: str, folder: Path, fake_twilio, fake_telegram) -> Service:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TWILIO_", "TELEGRAM_", "APP_ENV", "SECRET_KEY"))}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        DATABASE_URL=migrated_database, DATA_KEY=DATA_KEY, SECRET_KEY="browser-test-secret",
        PYTHONUNBUFFERED="1", INSTANCE_PATH=str(folder / "instance"),
        # Production as a host runs it: provider credentials, so the dashboard needs a login.
        PUBLIC_BASE_URL=base, TWILIO_ACCOUNT_SID=TWILIO_SID, TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
        TWILIO_FROM_NUMBER="+66800000001", TWILIO_API_BASE_URL=fake_twilio.url,
        TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url)
    log = folder / "web.log"
    web = start(f"flask --app app run --port {port} --with-threads", env, log)
    wait_for(f"{base}/healthz", web, log)
    return Service(base=base, env=env, folder=folder, web=web, logs=[log])


def stop_service(service: Service) -> None:
    service.stop_clock()
    stop(service.web)
    app = service.app()
    with app.extensions["db_engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    app.extensions["db_engine"].dispose()


def wait_until(condition, seconds: float = 10, every: float = 0.2):  # noqa: ANN001
    """The condition's first true value within `seconds`, else None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    return None
