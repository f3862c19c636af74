"""gunicorn's settings for the Procfile's `web:` line (gunicorn reads `./gunicorn.conf.py`
by itself, so the line stays as written).

A start the service refuses (no SECRET_KEY in production) stops here, in the master, with
one line, before any worker is forked: otherwise every worker would print the same line
and the master would halt between them.
"""

import os
import sys

from bot.config import PROJECT_ROOT, ConfigurationError, load_config, require_secret_key


def on_starting(server: object) -> None:  # server: gunicorn's Arbiter
    instance = os.environ.get("INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    try:
        require_secret_key(load_config(instance))
    except ConfigurationError as error:
        print(f"cannot start: {error}", file=sys.stderr, flush=True)
        sys.exit(4)  # gunicorn's "application failed to load"
