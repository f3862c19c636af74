"""Secrets a development start generates once into `instance/` (DATA_KEY, SECRET_KEY), so
every process and worker started on that folder reads the same one.

Each gunicorn worker builds the app itself and they start together, so the file appears
whole or not at all: it is written under a temporary name with owner-only permissions and
linked into place, and a process that loses the race reads the winner's secret.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)


def generated_secret(path: str | Path, variable: str) -> str:
    """The secret in `path`; when there is none, a new one written there (0600)."""
    path = Path(path)
    if path.exists():
        return _read(path, variable)
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(draft, path)  # atomic, and never replaces a file already there
        except FileExistsError:
            return _read(path, variable)  # another worker was first
    finally:
        draft.unlink(missing_ok=True)
    log.warning("%s is not set: generated one into %s (development only)", variable, path)
    return secret


def _read(path: Path, variable: str) -> str:
    secret = path.read_text().strip()
    if not secret:
        raise RuntimeError(f"{path} is empty: set {variable}, or remove the file to generate "
                           "a new one")
    return secret
