"""The WSGI application (`flask --app app`, gunicorn `app:app`)."""

import sys

from bot import create_app
from bot.config import ConfigurationError

# gunicorn's "application failed to load": its master stops, instead of starting one worker
# after another that fails the same way.
APP_LOAD_ERROR = 4

try:
    app = create_app()
except ConfigurationError as error:  # one clear line, not a traceback
    print(f"cannot start: {error}", file=sys.stderr, flush=True)
    sys.exit(APP_LOAD_ERROR)
