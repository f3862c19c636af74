"""The application's long-lived parts, built once per process and reached from requests."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from bot.conversation.engine import Engine
from bot.crypto import DataCipher, load_data_key
from bot.outbox import Outbox
from bot.text import Catalogs, load_catalogs


@dataclass
class Services:
    cipher: DataCipher
    catalogs: Catalogs
    engine: Engine
    outbox: Outbox
    max_segments: int


def init_app(app: Flask) -> None:
    cipher = DataCipher(load_data_key(app.config["DATA_KEY"], app.instance_path))
    catalogs = load_catalogs(app.config["LOCALES_DIR"])
    max_segments = app.config["SMS_MAX_SEGMENTS"]
    if max_segments < 1:
        raise RuntimeError("SMS_MAX_SEGMENTS must be at least 1")
    app.extensions["bot"] = Services(
        cipher=cipher,
        catalogs=catalogs,
        engine=Engine.from_directory(app.config["FLOWS_DIR"], catalogs),
        outbox=Outbox(cipher),
        max_segments=max_segments,
    )


def services(app: Flask | None = None) -> Services:
    return (app or current_app).extensions["bot"]
