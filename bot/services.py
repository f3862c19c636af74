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
from bot.alerts.inbound import handlers as alert_handlers
from bot.alerts.network import AlertNetwork
from bot.conversation.danger import DangerDetector
from bot.conversation.engine import Engine
from bot.conversation.flows import load_flows
from bot.conversation.greetings import Greetings
from bot.conversation.intents import IntentClassifier
from bot.conversation.keywords import Keywords
from bot.crypto import DataCipher, load_data_key
from bot.handlers import Handler, conversation
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
    # What an inbound message meets, in order (bot.handlers): each area's, then the engine.
    handlers: list[Handler]


def intent_routes(flows_dir: Path) -> dict[str, str]:
    """Where each free-text question leads: `intents` in flows/main.yaml."""
    with (flows_dir / "main.yaml").open(encoding="utf-8") as handle:
        return {str(k): str(v) for k, v in (yaml.safe_load(handle).get("intents") or {}).items()}


@functools.lru_cache(maxsize=4)
def _classifier(path: Path, _mtime: int, routes: tuple) -> IntentClassifier:
    """Built once per process (about a second for 1,400 examples), again if the file changes."""
    return IntentClassifier.load(path, dict(routes))


def build_engine(flows_dir: str | Path, words_dir: str | Path, catalogs: Catalogs,
                 facts: ActionServices, languages: Languages) -> Engine:
    """The flows from `flows/`; how what people type is read, from `words/`."""
    flows, words = Path(flows_dir), Path(words_dir)
    return Engine(
        flows=load_flows(flows, actions=register_all()),
        keywords=Keywords.load(words / "keywords.yaml"),
        languages=languages,
        catalogs=catalogs,
        intents=_classifier(words / "intents.yaml",
                            (words / "intents.yaml").stat().st_mtime_ns,
                            tuple(intent_routes(flows).items())),
        action_services=facts,
        danger=DangerDetector.load(words / "danger.yaml"),
        greetings=Greetings.load(words / "greetings.yaml"),
    )


def init_app(app: Flask) -> None:
    cipher = DataCipher(load_data_key(app.config["DATA_KEY"], app.instance_path))
    catalogs = load_catalogs(app.config["LOCALES_DIR"])
    max_segments = app.config["SMS_MAX_SEGMENTS"]
    if max_segments < 1:
        raise RuntimeError("SMS_MAX_SEGMENTS must be at least 1")
    flows_dir, words_dir = Path(app.config["FLOWS_DIR"]), Path(app.config["WORDS_DIR"])
    languages = Languages.load(words_dir / "languages.yaml")
    facts = load_action_services(facts_dir=app.config["FACTS_DIR"], words_dir=words_dir,
                                 settings_dir=app.config["SETTINGS_DIR"],
                                 alerts_file=app.config["ALERTS_FILE"], cipher=cipher)
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
    engine = build_engine(flows_dir, words_dir, catalogs, facts, languages)
    app.extensions["bot"] = Services(
        cipher=cipher,
        catalogs=catalogs,
        engine=engine,
        outbox=outbox,
        facts=facts,
        max_segments=max_segments,
        network=network,
        handlers=[*(alert_handlers(network) if network else []), conversation(engine)],
    )
    app.extensions["alerts"] = network


def services(app: Flask | None = None) -> Services:
    return (app or current_app).extensions["bot"]
