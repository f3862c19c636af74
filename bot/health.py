"""`GET /healthz` for the load balancer: 200 when the database answers."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, jsonify
from sqlalchemy.exc import SQLAlchemyError

from bot import sessions

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        ok = sessions.ping()
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        ok = False
    status = 200 if ok else 503
    return jsonify(status="ok" if ok else "error", database="ok" if ok else "unreachable"), status


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
