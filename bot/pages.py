"""Pages that belong to no channel: the favicon and the app-wide "not found" answer.

A person who mistypes an address in a browser gets a page with a way back to the
simulator; a program (webhook callers, the simulator's fetch calls, JSON clients) gets a
short JSON answer instead of HTML it cannot use.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound

bp = Blueprint("pages", __name__)

# Routes that only programs call: Twilio and Telegram webhooks, the simulator's API, health.
API_PREFIXES = ("/sms/", "/telegram/", "/simulator/", "/healthz")


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page links; the icon is an SVG in static/.
    return redirect(url_for("static", filename="favicon.svg"), code=301)


def wants_html() -> bool:
    if request.path.startswith(API_PREFIXES) or request.path in ("/sms", "/telegram"):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "text/html" or not request.accept_mimetypes


def not_found(error: NotFound):
    if wants_html():
        return render_template("not_found.html"), 404
    return jsonify(error="Not found."), 404


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(404, not_found)
