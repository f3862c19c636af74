"""The WSGI application (`flask --app app`, gunicorn `app:app`)."""

import sys

from bot import create_app
from bot.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:  # one clear line, not a traceback
    sys.exit(f"cannot start: {error}")
