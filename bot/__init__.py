"""Safe-migration chat-bot: the application factory."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from bot.config import is_production, load_config, settle_secret_key
from bot.logmask import install_masking

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides the environment for tests."""
    # Flask and the app's parts are imported here, not at the top: every `import bot.x`
    # runs this file, and the core (tests/test_architecture.py) must not load Flask.
    from flask import Flask

    install_masking()
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None,
                instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    settle_secret_key(app.config)
    app.config["PRODUCTION"] = is_production(app.config)
    # Inbound SMS are small; anything far larger is not from Twilio.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = 256 * 1024

    from bot import cli, dashboard, health, pages, services, sessions
    from bot.channels import registry, simulator

    sessions.init_app(app)
    services.init_app(app)
    health.init_app(app)
    for channel in registry.channels():  # each channel's webhook and outbox sender
        channel.connect(app)
    simulator.init_app(app)
    dashboard.init_app(app)  # after every blueprint: it exempts the signed webhooks from CSRF
    pages.init_app(app)
    cli.init_app(app)  # every `flask` command (bot/cli/)
    return app
