"""Error pages of the dashboard, in the reader's language (the rest of the app keeps its
JSON and 404 answers, bot/pages.py)."""

from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from bot.dashboard.access import _
from bot.dashboard.blueprint import bp
from bot.dashboard.security import csrf_refused
from bot.text import N_

ERRORS = {
    400: (N_("Something was missing"), N_("The form was not complete. Go back and try again.")),
    403: (N_("Not for your account"), N_("Your account cannot open this page.")),
    404: (N_("Not found"), N_("There is nothing at this address.")),
}


@bp.errorhandler(400)
@bp.errorhandler(403)
@bp.errorhandler(404)
def error_page(error: HTTPException):
    title, message = ERRORS.get(error.code or 0, ERRORS[400])
    return render_template("staff/error.html", title=_(title), message=_(message)), error.code


# The blueprint's 400 page would otherwise answer a missing CSRF token too vaguely.
bp.register_error_handler(CSRFError, csrf_refused)
