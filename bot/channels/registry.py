"""The channels the service speaks on, listed once (DESIGN.md, "The path of one message").

A channel is a name, a renderer (a `Reply` into the messages that leave: SMS pages within
the segment budget, Telegram buttons), the format of its button data (`bot.buttons`, shared
by all), its web side (a blueprint and whatever it sets up) and a sender for the outbox.
Everything that used to name "sms" and "telegram" asks this registry instead: the app
factory plugs each channel in, the outbox gets each sender, the alert network renders
notifications and reads responders' addresses through it, the simulator offers every
channel, and the reporters and forget commands find people by it.

Adding a channel is its module set under `bot/channels/` and one `register(...)` line at
the end of this file (or, in a test, a `register` call and an `unregister` after).

This module is read by the core (the alert network, the codebook, the actions), which
imports no web framework or provider library: the channels' web sides and senders are
named here by module and imported only when the app is built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.channels.render import RenderedMessage, render_sms, render_telegram
from bot.conversation.reply import Reply

if TYPE_CHECKING:  # for the annotations only: importing Flask here would reach the core
    from flask import Flask

    from bot.outbox import Sender

Renderer = Callable[[Reply, int], list[RenderedMessage]]  # (reply, max_segments)

# How a channel's addresses are described, where code needs to know.
PHONE_NUMBER = "phone number"
CHAT_ID = "chat id"


@dataclass(frozen=True)
class Channel:
    # Stored in contacts.channel and messages.channel and part of every address's lookup
    # hash: a channel is never renamed once people have written on it.
    name: str
    label: str  # what people call it ("SMS"), for the simulator
    render: Renderer
    # The alerts file's key for a responder's address on this channel (`sms`,
    # `telegram_chat_id`: the file's format is a contract); None: responders are not
    # reached on it.
    alerts_key: str | None = None
    address: str = PHONE_NUMBER  # PHONE_NUMBER or CHAT_ID
    buttons: bool = False  # shows options as buttons, whose press comes back as data
    # It can take its messages back out of the chat (Telegram's /delete), so the safety
    # tip says so instead of asking the person to delete them by hand.
    erases_chat: bool = False
    example_address: str = ""  # what the simulator fills in
    # The web side (blueprint, its checks, long-lived clients in app.extensions).
    init_app: Callable[[Flask], None] | None = None
    # The outbox's sender, from the app's config; None when no provider is configured
    # (its messages then go to the simulator's sink).
    sender: Callable[[Flask], Sender | None] | None = None

    @property
    def by_phone(self) -> bool:
        """Its addresses are phone numbers (a country can be read off them)."""
        return self.address == PHONE_NUMBER

    def connect(self, app: Flask) -> None:
        """Plug the channel into the app: its web side, then its sender into the outbox."""
        if self.init_app is not None:
            self.init_app(app)
        sender = self.sender(app) if self.sender is not None else None
        if sender is not None:
            app.extensions["bot"].outbox.register(self.name, sender)


# In the order the simulator and the alerts file's error messages list them.
CHANNELS: dict[str, Channel] = {}


class UnknownChannel(KeyError):
    """No channel of this name is registered."""


def register(channel: Channel) -> Channel:
    if channel.name in CHANNELS:
        raise ValueError(f"channel {channel.name!r} is registered already")
    if channel.alerts_key and channel.alerts_key in alerts_keys():
        raise ValueError(f"the alerts file key {channel.alerts_key!r} belongs to channel "
                         f"{alerts_keys()[channel.alerts_key]!r}")
    CHANNELS[channel.name] = channel
    return channel


def unregister(name: str) -> None:
    CHANNELS.pop(name, None)


def get(name: str) -> Channel:
    try:
        return CHANNELS[name]
    except KeyError:
        raise UnknownChannel(name) from None


def channels() -> tuple[Channel, ...]:
    return tuple(CHANNELS.values())


def names() -> tuple[str, ...]:
    return tuple(CHANNELS)


def alerts_keys() -> dict[str, str]:
    """The alerts file's address keys, each to its channel's name."""
    return {c.alerts_key: c.name for c in CHANNELS.values() if c.alerts_key}


def for_phone_numbers() -> Channel:
    """The channel a bare phone number means (`peers add PHONE`, `people forget PHONE`):
    the first registered whose addresses are phone numbers."""
    return next(c for c in CHANNELS.values() if c.by_phone)


def render(name: str, reply: Reply, max_segments: int) -> list[RenderedMessage]:
    """`reply` as channel `name` shows it."""
    return get(name).render(reply, max_segments)


def _later(module: str, function: str) -> Callable[..., Any]:
    """`module.function`, imported when first called: the web sides import Flask, Twilio
    and python-telegram-bot, which the core reading this registry must not load."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    call.__qualname__ = f"{module}.{function}"
    return call


register(Channel(
    name="sms", label="SMS", render=render_sms, alerts_key="sms", address=PHONE_NUMBER,
    example_address="+66800000000",
    init_app=_later("bot.channels.twilio_sms", "init_app"),
    sender=_later("bot.channels.twilio_sms", "build_sender")))
register(Channel(
    name="telegram", label="Telegram", render=render_telegram, alerts_key="telegram_chat_id",
    address=CHAT_ID, buttons=True, erases_chat=True, example_address="100200300",
    init_app=_later("bot.channels.telegram", "init_app"),
    sender=_later("bot.channels.telegram", "build_sender")))


SIGNED_BLUEPRINTS = "provider_signed_blueprints"


def provider_signed(app: Flask, blueprint_name: str) -> None:
    """A channel's webhook proves where it comes from by the provider's signature or secret,
    not by a browser session: the dashboard's CSRF check leaves it alone."""
    app.extensions.setdefault(SIGNED_BLUEPRINTS, set()).add(blueprint_name)


def provider_signed_blueprints(app: Flask) -> set[str]:
    return set(app.extensions.get(SIGNED_BLUEPRINTS, ()))
