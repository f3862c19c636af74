"""Channels behind one interface (bot/channels/registry.py): a channel defined only here, in
the test (a registry entry with its renderer and an in-memory sender), carries a conversation
and an alert notification end to end, with no other file knowing of it. And nothing outside
the channels' own modules names "sms" or "telegram": everything else reads the registry."""

from __future__ import annotations

import ast
import itertools
import re
from functools import partial
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot import buttons
from bot.alerts.codebook import CodebookError, load_codebook
from bot.channels import registry
from bot.channels.render import RenderedMessage
from bot.config import PROJECT_ROOT
from bot.conversation.reply import Reply
from bot.inbound import InboundMessage, receive
from bot.models import Alert, Contact, Message
from bot.sessions import new_session
from tests.test_alert_concurrency import _post_sms
from tests.test_alerts import REPORTER_PHONE, enrol

ROOM = "room-7"  # the NGO duty contact's address on the web chat


class MemorySender:
    """The outbox's sender for the web chat: what would leave, kept in a list."""

    ids_per_chat = False

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, list | None]] = []
        self._ids = itertools.count(1)

    def send(self, address: str, body: str, buttons: list | None) -> str | None:
        self.sent.append((address, body, buttons))
        return f"web-{next(self._ids)}"

    def find_sent(self, address: str, body: str, since: object) -> None:
        return None

    def to(self, address: str) -> list[tuple[str, list | None]]:
        return [(body, buttons) for to, body, buttons in self.sent if to == address]


def render_webchat(reply: Reply, max_segments: int) -> list[RenderedMessage]:
    """The web chat's look: a marked body and every option as a button."""
    rows = [[{"text": option.label, "callback_data": option.token}] for option in reply.options]
    return [RenderedMessage(body=f"[web] {reply.text}", buttons=rows or None)]


@pytest.fixture
def webchat():
    sender = MemorySender()
    registry.register(registry.Channel(
        name="webchat", label="Web chat", render=render_webchat, alerts_key="webchat_id",
        address=registry.CHAT_ID, buttons=True, sender=lambda app: sender))
    yield sender
    registry.unregister("webchat")


@pytest.fixture
def alerts_file(tmp_path) -> Path:
    """The example alerts file, with the NGO duty contact also reached on the web chat."""
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "alerts.yaml").read_text("utf-8"))
    duty = next(c for c in data["contacts"] if c["id"] == "ngo-duty")
    duty["webchat_id"] = ROOM
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def say(app, address: str, text: str = "", callback: str | None = None) -> list[Message]:
    """A message on the web chat, through the one path every channel's messages take; the
    replies leave through the outbox, as a webhook channel's do."""
    svc = app.extensions["bot"]
    inbound = InboundMessage(channel="webchat", address=address, text=text,
                             external_id=f"web-in-{next(_inbound_ids)}", callback=callback)
    with new_session(app) as session:
        outcome = receive(session, svc.cipher, inbound,
                          render=partial(registry.render, "webchat",
                                         max_segments=svc.max_segments),
                          reply_status="queued", handlers=svc.handlers)
        svc.outbox.deliver(session, [m.id for m in outcome.replies] + outcome.deliver_now)
        return outcome.replies


_inbound_ids = itertools.count(1)


def test_a_channel_defined_in_a_test_carries_a_conversation(webchat, make_app, alerts_file):
    app = make_app(ALERTS_FILE=str(alerts_file))
    catalogs = app.extensions["bot"].catalogs
    say(app, "visitor-1", "hello")
    [(body, rows)] = webchat.to("visitor-1")
    assert body == "[web] " + catalogs.gettext("en", "Choose your language:")
    khmer = next(row[0] for row in rows if row[0]["callback_data"] == buttons.language("km"))
    # The language button's press comes back as button data, as on Telegram.
    say(app, "visitor-1", callback=khmer["callback_data"])
    body, rows = webchat.to("visitor-1")[-1]
    assert body.startswith("[web] " + catalogs.gettext("km", "Safe work advice."))
    assert catalogs.gettext("km", "Reply with a number:") not in body  # SMS's line, not ours
    first = rows[0][0]
    assert isinstance(buttons.parse(first["callback_data"]), buttons.OptionPress)
    say(app, "visitor-1", callback=first["callback_data"])
    answer, _ = webchat.to("visitor-1")[-1]
    assert answer.startswith("[web] ") and re.search(r"[\u1780-\u17FF]", answer)  # Khmer
    with app.extensions["db_sessionmaker"]() as session:
        contact = session.scalar(select(Contact).where(Contact.channel == "webchat"))
        assert contact.locale == "km"
        assert {m.status for m in session.scalars(select(Message).where(
            Message.channel == "webchat", Message.direction == "out"))} == {"sent"}


def test_a_channel_defined_in_a_test_carries_an_alert_and_its_acknowledgement(
        webchat, make_app, alerts_file, fake_twilio):
    app = make_app(ALERTS_FILE=str(alerts_file))
    catalogs = app.extensions["bot"].catalogs
    network = app.extensions["bot"].network
    assert network.codebook.contacts["ngo-duty"].address_on["webchat"] == ROOM
    enrol(app.test_cli_runner())
    assert _post_sms(app, "Y K12 2", REPORTER_PHONE).status_code == 200
    # The notification left by the web chat's sender too, rendered by its renderer, with
    # the button that takes the alert.
    [(body, rows)] = webchat.to(ROOM)
    assert body.startswith("[web] ") and "K12" in body and "Karaoke on Street 7" in body
    assert rows == [[{"text": catalogs.gettext("en", "Acknowledge"),
                      "callback_data": buttons.acknowledge(1)}]]
    # Pressing it on the web chat takes the alert, like the Telegram button does.
    say(app, ROOM, callback=rows[0][0]["callback_data"])
    reply, _ = webchat.to(ROOM)[-1]
    assert reply == "[web] " + catalogs.gettext("en", "Thank you. Alert {number} is yours.",
                                                number=1)
    with app.extensions["db_sessionmaker"]() as session:
        alert = session.scalar(select(Alert))
        assert (alert.status, alert.acknowledged_by) == ("acknowledged", "ngo-duty")


def test_an_alerts_file_key_no_channel_claims_is_refused(alerts_file):
    """Without the web chat registered, `webchat_id` is a misspelt key, named with its line."""
    with pytest.raises(CodebookError, match=r"line \d+: contact 'ngo-duty': unknown key "
                                            r"'webchat_id' \(addresses: sms, telegram_chat_id\)"):
        load_codebook(alerts_file)


def test_the_registry_refuses_a_second_channel_of_a_name_or_key(webchat):
    with pytest.raises(ValueError, match="registered already"):
        registry.register(registry.Channel(name="webchat", label="x", render=render_webchat))
    with pytest.raises(ValueError, match="belongs to channel 'webchat'"):
        registry.register(registry.Channel(name="other", label="x", render=render_webchat,
                                           alerts_key="webchat_id"))
    with pytest.raises(registry.UnknownChannel):
        registry.get("pigeon")


def test_button_data_is_built_and_read_in_one_place():
    assert buttons.parse(buttons.option(12, 3)) == buttons.OptionPress(12, 3)
    assert buttons.parse(buttons.language("km")) == buttons.LanguagePress("km")
    assert buttons.parse(buttons.MENU) == buttons.MenuPress()
    assert buttons.acknowledged(buttons.acknowledge(42)) == 42
    for odd in ("ack:²", "ack:1234567890", "o:2:²", "o:²:1", "o:01:1", "o:1:1234", "ack:",
                "o::", "", None, "lang:"):
        assert buttons.parse(odd) is None, odd


# Where a channel's name may still be written out: its own modules, and two commands of the
# contract named after Telegram (`telegram set-webhook`, `people forget --telegram`).
MAY_NAME_CHANNELS = ("bot/channels/", "bot/cli/telegram.py", "bot/cli/people.py")
BUILT_IN = {"sms", "telegram", "telegram_chat_id"}


def test_only_the_channels_modules_name_a_channel():
    """Code outside bot/channels/ reads the registry: no string "sms" or "telegram" in it
    (comments and prose do not count), nor in the simulator's page and script."""
    root = PROJECT_ROOT / "bot"
    offenders = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(PROJECT_ROOT).as_posix()
        if where.startswith(MAY_NAME_CHANNELS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in BUILT_IN:
                offenders.append(f"{where}:{node.lineno} {node.value!r}")
    for path in [*root.glob("templates/*.html"), *root.glob("static/*.js")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""["'](sms|telegram)["']|\b(sms|telegram)\s*:""", line):
                offenders.append(f"{path.relative_to(PROJECT_ROOT).as_posix()}:{number}")
    assert offenders == []
