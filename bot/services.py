"""The application's long-lived parts, built once per process and reached from requests."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import Flask, current_app

from bot.actions import ActionServices, load_action_services, register_all
from bot.alerts.codebook import load_codebook
from bot.alerts.network import AlertNetwork
from bot.conversation.danger import DangerDetector
from bot.conversation.engine import Engine
from bot.conversation.flows import load_flows
from bot.conversation.greetings import Greetings
from bot.conversation.intents import IntentClassifier
from bot.conversation.keywords import Keywords
from bot.crypto import DataCipher, load_data_key
from bot.outbox import Outbox
from bot.text import Catalogs, load_catalogs
from bot.text.languages import Languages

log = logging.getLogger(__name__)


@dataclass
class Services:
    cipher: DataCipher
    catalogs: Catalogs
    engine: Engine
    outbox: Outbox
    facts: ActionServices
    max_segments: int
    network: AlertNetwork | None


def intent_routes(flows_dir: Path) -> dict[str, str]:
    """Where each free-text question leads: `intents` in flows/main.yaml."""
    with (flows_dir / "main.yaml").open(encoding="utf-8") as handle:
        return {str(k): str(v) for k, v in (yaml.safe_load(handle).get("intents") or {}).items()}


@functools.lru_cache(maxsize=4)
def _classifier(path: Path, _mtime: int, routes: tuple) -> IntentClassifier:
    """Built once per process (about a second for 1,400 examples), again if the file changes."""
    return IntentClassifier.load(path, dict(routes))


def build_engine(flows_dir: str | Path, catalogs: Catalogs, facts: ActionServices,
                 languages: Languages) -> Engine:
    directory = Path(flows_dir)
    return Engine(
        flows=load_flows(directory, actions=register_all()),
        keywords=Keywords.load(directory / "keywords.yaml"),
        languages=languages,
        catalogs=catalogs,
        intents=_classifier(directory / "intents.yaml",
                            (directory / "intents.yaml").stat().st_mtime_ns,
                            tuple(intent_routes(directory).items())),
        action_services=facts,
        danger=DangerDetector.load(directory / "danger.yaml"),
        greetings=Greetings.load(directory / "greetings.yaml"),
    )


def init_app(app: Flask) -> None:
    cipher = DataCipher(load_data_key(app.config["DATA_KEY"], app.instance_path))
    catalogs = load_catalogs(app.config["LOCALES_DIR"])
    max_segments = app.config["SMS_MAX_SEGMENTS"]
    if max_segments < 1:
        raise RuntimeError("SMS_MAX_SEGMENTS must be at least 1")
    flows_dir = Path(app.config["FLOWS_DIR"])
    languages = Languages.load(flows_dir / "languages.yaml")
    facts = load_action_services(flows_dir, app.config["ALERTS_FILE"], cipher)
    outbox = Outbox(cipher)
    network = None
    if Path(app.config["ALERTS_FILE"]).exists():
        network = AlertNetwork(load_codebook(app.config["ALERTS_FILE"]), cipher, outbox,
                               catalogs, max_segments)
    else:
        log.warning("ALERTS_FILE %s does not exist: coded alerts are off",
                    app.config["ALERTS_FILE"])
    facts.network = network
    facts.production = bool(app.config.get("PRODUCTION"))
    app.extensions["bot"] = Services(
        cipher=cipher,
        catalogs=catalogs,
        engine=build_engine(flows_dir, catalogs, facts, languages),
        outbox=outbox,
        facts=facts,
        max_segments=max_segments,
        network=network,
    )
    app.extensions["alerts"] = network


def services(app: Flask | None = None) -> Services:
    return (app or current_app).extensions["bot"]
