"""Who is using the dashboard: the login session (Flask-Login), the role each page needs,
checked on the server for every route (SAFETY 16), and the language pages are shown in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from flask_login import LoginManager, UserMixin, current_user

from bot.models import StaffAccount
from bot.sessions import get_session

ROLES = ("admin", "ngo", "police")
# The languages of the dashboard (the service's, less romanized Khmer, which is for SMS).
LOCALES = ("en", "km", "th", "vi", "lo", "my")
LANGUAGE_NAMES = {"en": "English", "km": "ខ្មែរ", "th": "ไทย", "vi": "Tiếng Việt",
                  "lo": "ລາວ", "my": "မြန်မာ"}

login_manager = LoginManager()
View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class StaffUser(UserMixin):
    """What a request knows of its staff member: never the password hash."""

    account_id: int
    email: str
    role: str
    locale: str
    responder: str | None
    session_version: int

    def get_id(self) -> str:
        # The version is part of the id, so changing a password or a lock ends old sessions.
        return f"{self.account_id}:{self.session_version}"

    @property
    def actor(self) -> str:
        """How the audit trail names this person."""
        return f"staff:{self.account_id}"

    @classmethod
    def of(cls, account: StaffAccount) -> StaffUser:
        return cls(account.id, account.email, account.role, account.locale,
                   account.responder, account.session_version)


@login_manager.user_loader
def _load(user_id: str) -> StaffUser | None:
    account_id, _, version = (user_id or "").partition(":")
    if not account_id.isdigit() or not version.isdigit():
        return None
    account = get_session().get(StaffAccount, int(account_id))
    if (account is None or not account.active or account.locked_at is not None
            or account.session_version != int(version)):
        return None
    return StaffUser.of(account)


def locale() -> str:
    """The account's language, or before login the browser's best match."""
    if current_user.is_authenticated:
        return current_user.locale
    return request.accept_languages.best_match(LOCALES) or "en"


def _(message: str, **values: object) -> str:
    """A dashboard text in the reader's language, from the service's catalogs."""
    return current_app.extensions["bot"].catalogs.gettext(locale(), message, **values)


def requires(*roles: str) -> Callable[[View], View]:
    """The view needs a login with one of `roles` (admin may always)."""
    allowed = set(roles) | {"admin"}

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = tuple(sorted(allowed))  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "basic"
    login_manager.login_message = None  # the login page says what it needs itself

    @app.context_processor
    def _dashboard_globals() -> dict[str, object]:
        return {"_": _, "page_locale": locale, "language_names": LANGUAGE_NAMES,
                "dashboard_locales": LOCALES}
