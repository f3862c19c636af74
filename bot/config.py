"""Configuration from environment variables only (DESIGN.md, "Contract: running it")."""

from __future__ import annotations

import os
from pathlib import Path

from bot.instance_secrets import generated_secret

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int_env(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a whole number, got {raw!r}") from exc


class ConfigurationError(RuntimeError):
    """A setting the service cannot start without; app.py prints it as one line."""


def is_production(config: dict) -> bool:
    """Production when provider credentials are set, or APP_ENV=production (DESIGN.md)."""
    return config.get("APP_ENV") == "production" or bool(
        config.get("TWILIO_ACCOUNT_SID") or config.get("TELEGRAM_BOT_TOKEN"))


def require_secret_key(config: dict) -> None:
    """SECRET_KEY must be set in production: sessions guard the simulator."""
    if not config.get("SECRET_KEY") and is_production(config):
        raise ConfigurationError("SECRET_KEY must be set in production (Twilio or Telegram "
                           "credentials are set, or APP_ENV=production)")


def settle_secret_key(config: dict) -> None:
    """SECRET_KEY as set; required in production; in development generated once into
    `instance/secret_key`, as DATA_KEY is, so every worker and process on that folder
    accepts the sessions of the others."""
    require_secret_key(config)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = generated_secret(config["SECRET_KEY_FILE"], "SECRET_KEY")


def load_config(instance_path: str) -> dict:
    """Read the contract's variables into Flask config keys of the same names."""
    instance = Path(instance_path)
    database_url = _env("DATABASE_URL") or f"sqlite:///{instance / 'bot.sqlite3'}"
    # Heroku-style hosts still hand out the old scheme; SQLAlchemy 2 wants psycopg 3's.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "DATABASE_URL": database_url,
        # None when unset: required in production; generated into instance/ in development.
        "SECRET_KEY": _env("SECRET_KEY"),
        "SECRET_KEY_FILE": str(instance / "secret_key"),  # internal, not an environment variable
        "APP_ENV": _env("APP_ENV", "development"),
        "DATA_KEY": _env("DATA_KEY"),
        "PUBLIC_BASE_URL": (_env("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        "TWILIO_ACCOUNT_SID": _env("TWILIO_ACCOUNT_SID"),
        "TWILIO_AUTH_TOKEN": _env("TWILIO_AUTH_TOKEN"),
        "TWILIO_FROM_NUMBER": _env("TWILIO_FROM_NUMBER"),
        "TWILIO_MESSAGING_SERVICE_SID": _env("TWILIO_MESSAGING_SERVICE_SID"),
        "TWILIO_API_BASE_URL": _env("TWILIO_API_BASE_URL", "https://api.twilio.com"),
        "TELEGRAM_BOT_TOKEN": _env("TELEGRAM_BOT_TOKEN"),
        "TELEGRAM_WEBHOOK_SECRET": _env("TELEGRAM_WEBHOOK_SECRET"),
        "TELEGRAM_API_BASE_URL": _env("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"),
        "ALERTS_FILE": _env("ALERTS_FILE", str(PROJECT_ROOT / "flows" / "alerts.yaml")),
        "SMS_MAX_SEGMENTS": _int_env("SMS_MAX_SEGMENTS", 3),
        "RETENTION_DAYS": _int_env("RETENTION_DAYS", 90),
        "FLOWS_DIR": _env("FLOWS_DIR", str(PROJECT_ROOT / "flows")),
        # Internal (no environment variable): the data the flows read, each in its folder.
        "FACTS_DIR": str(PROJECT_ROOT / "facts"),
        "WORDS_DIR": str(PROJECT_ROOT / "words"),
        "SETTINGS_DIR": str(PROJECT_ROOT / "settings"),
        "LOCALES_DIR": _env("LOCALES_DIR", str(PROJECT_ROOT / "locales")),
    }
