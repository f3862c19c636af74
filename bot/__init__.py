"""Safe-migration chat-bot: the application factory."""

from __future__ import annotations

import os

from flask import Flask

from bot.config import is_production, load_config, settle_secret_key
from bot.logmask import install_masking


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides the environment for tests."""
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

    from bot import health, migrate, pages, scheduler, services, sessions
    from bot.channels import chat_cli, simulator, telegram, twilio_sms
    from bot.facts import cli as facts_cli
    from bot.text import cli as text_cli

    sessions.init_app(app)
    services.init_app(app)
    migrate.init_app(app)
    health.init_app(app)
    twilio_sms.init_app(app)
    telegram.init_app(app)
    simulator.init_app(app)
    pages.init_app(app)
    chat_cli.init_app(app)
    scheduler.init_app(app)
    text_cli.init_app(app)
    facts_cli.init_app(app)
    from bot.alerts.report import report_cli
    from bot.alerts.reporters import peers_cli
    from bot.forget import people_cli

    app.cli.add_command(peers_cli)
    app.cli.add_command(report_cli)
    app.cli.add_command(people_cli)
    return app
