"""Security for every page: CSRF tokens on every state-changing request (Flask-WTF), and
the headers of Flask-Talisman (a Content-Security-Policy that allows no inline script and
no other origin, frame denial, no MIME sniffing, a referrer policy). Cookies are HttpOnly
and SameSite=Lax always, and Secure when the service is served over https."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, jsonify, render_template
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.channels import registry
from bot.dashboard.access import _
from bot.pages import wants_html
from bot.text import N_

csrf = CSRFProtect()
talisman = Talisman()

# Everything the pages use is served by the app: scripts, styles, fonts and charts.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SESSION_HOURS = 12
EXPIRED = N_("The page had expired. Go back, reload it and try again.")


def csrf_refused(_error: CSRFError):
    """A state-changing request without a valid token: a sentence, not Werkzeug's page."""
    if not wants_html():
        return jsonify(error=_(EXPIRED)), 400
    return render_template("staff/error.html", title=_(N_("Something was missing")),
                           message=_(EXPIRED)), 400


def https(app: Flask) -> bool:
    return str(app.config.get("PUBLIC_BASE_URL") or "").lower().startswith("https://")


def init_app(app: Flask) -> None:
    secure = https(app)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        # A token for the whole session, not per hour: a form left open at a desk still works.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=secure,
    )
    csrf.init_app(app)
    app.register_error_handler(CSRFError, csrf_refused)
    # Webhooks that programs call with their own proof of origin instead of a browser
    # session (Twilio signs its requests, Telegram sends the webhook secret).
    for name in registry.provider_signed_blueprints(app):
        csrf.exempt(app.blueprints[name])
    talisman.init_app(
        app, force_https=False,  # TLS ends at the platform's router (Procfile deployments)
        strict_transport_security=secure, content_security_policy=CSP,
        frame_options="DENY", referrer_policy="same-origin",
        session_cookie_secure=secure, session_cookie_http_only=True,
        # Talisman's own feature-policy defaults are obsolete headers; nothing is needed.
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"})
