"""The dashboard's menu: each page, the roles that may open it, and its label."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_login import current_user

from bot.dashboard.access import _
from bot.text import N_

# (endpoint, label, roles besides admin). A page module that is not there yet is left out.
PAGES = (
    ("staff.queue", N_("Alerts"), ("ngo", "police")),
    ("staff.inbox", N_("Conversations"), ("ngo",)),
    ("staff.on_duty", N_("On duty"), ("ngo", "police")),
    ("staff.reporters", N_("Reporters"), ("ngo",)),
    ("staff.report", N_("Monthly report"), ("ngo", "police")),
    ("staff.content", N_("Content"), ("ngo",)),
    ("staff.accounts_page", N_("Accounts"), ()),
    ("staff.account", N_("My account"), ("ngo", "police")),
)


def nav_items() -> list[dict[str, object]]:
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, label, roles in PAGES:
        if endpoint not in current_app.view_functions:
            continue
        if current_user.role != "admin" and current_user.role not in roles:
            continue
        items.append({"url": url_for(endpoint), "label": _(label),
                      "current": request.endpoint == endpoint})
    return items
