"""The staff dashboard at `/staff/...`: NGO and police staff log in, work the alert queue,
answer migrants who asked for a person, enrol reporters, and prepare the monthly meeting.
Pages build on the alert network's staff operations (`bot.alerts.staff_ops`); this package
only turns requests into those calls and their results into pages."""

from __future__ import annotations

from flask import Flask

from bot.dashboard import access, security
from bot.dashboard.blueprint import bp


def init_app(app: Flask) -> None:
    # The page modules add their routes to the blueprint when first imported.
    from bot.dashboard import (  # noqa: F401
        alerts,
        auth,
        content,
        conversation,
        errors,
        inbox,
        nav,
        on_duty,
        report_page,
        reporters,
    )

    access.init_app(app)
    app.jinja_env.globals["nav_items"] = nav.nav_items
    app.register_blueprint(bp)
    security.init_app(app)
