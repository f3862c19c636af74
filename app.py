"""WSGI entry point: `gunicorn app:app`, `flask --app app ...`."""

from bot import create_app

app = create_app()
