"""Talking to the service as a person would, through the simulator's HTTP API, with the
conversation's clock under the test's control."""

from __future__ import annotations

import itertools
from datetime import datetime

from tests.helpers import log_in_staff

_people = itertools.count(1)

LANGUAGE_NUMBER = {"km": 1, "lo": 2, "my": 3, "vi": 4, "th": 5, "en": 6, "km-Latn": 7}


class Person:
    def __init__(self, client, channel: str = "sms", address: str | None = None):
        self.client, self.channel = client, channel
        self.address = address or f"+6680{next(_people):07d}"
        # With provider credentials set the simulator is for logged-in staff only.
        if "HTTP_X_CSRFTOKEN" not in client.environ_base:
            log_in_staff(client)

    def send(self, text: str = "", callback: str | None = None) -> str:
        payload = {"channel": self.channel, "address": self.address, "text": text}
        if callback:
            payload["callback"] = callback
        response = self.client.post("/simulator/send", json=payload)
        assert response.status_code == 200, response.data
        self.last = response.get_json()["replies"]
        return "\n".join(reply["body"] for reply in self.last)

    def speaks(self, locale: str) -> Person:
        """Choose a language from the menu, as a new person does."""
        self.send("hello")
        self.send(str(LANGUAGE_NUMBER[locale]))
        return self


def set_clock(app, moment: datetime) -> None:
    app.extensions["bot"].engine.clock = lambda: moment
