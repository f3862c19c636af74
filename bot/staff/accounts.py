"""Dashboard accounts: adding them, checking a password with a lock-out after repeated
failures, changing a password. Hashes are Werkzeug's scrypt (maintained, salted, slow on
purpose). Counters are changed by conditional UPDATEs, so workers that check passwords at
the same moment count every failure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from bot.db import rowcount
from bot.models import StaffAccount, utcnow
from bot.text import N_

ROLES = ("admin", "ngo", "police")
LOCK_AFTER = 10  # failed logins in a row before the account is locked (issue 11)
MIN_PASSWORD, MAX_PASSWORD = 12, 200
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s.]{2,63}$")
# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class AccountError(ValueError):
    """Bad input for an account; the message (a catalog text) says what to fix."""

    def __init__(self, message: str, **values: object):
        super().__init__(message.format(**values))
        self.message, self.values = message, values


class Locked(Exception):
    """The account is locked after too many failed logins; an admin unlocks it."""


@dataclass(frozen=True)
class LoginResult:
    account: StaffAccount | None
    failures_left: int | None = None  # after a failed attempt on a known account


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise AccountError(N_("Give an email address such as name@example.org."))
    return email


def check_new_password(password: str) -> None:
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(N_("A password needs {least} to {most} characters."),
                           least=MIN_PASSWORD, most=MAX_PASSWORD)
    if "\x00" in password:
        raise AccountError(N_("A password cannot contain a NUL character."))


def add_account(session: Session, email: str, role: str, password: str, locale: str = "en",
                responder: str | None = None) -> StaffAccount:
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(N_("The role must be one of {roles}."), roles=", ".join(ROLES))
    check_new_password(password)
    if session.scalar(select(StaffAccount.id).where(StaffAccount.email == email)) is not None:
        raise AccountError(N_("An account for {email} exists already."), email=email)
    account = StaffAccount(email=email, role=role, password_hash=generate_password_hash(password),
                           locale=locale, responder=responder, failed_logins=0,
                           session_version=1, active=True)
    session.add(account)
    session.flush()
    return account


def find_account(session: Session, email: str) -> StaffAccount | None:
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    return session.scalar(select(StaffAccount).where(StaffAccount.email == email))


def authenticate(session: Session, email: str, password: str,
                 now: datetime | None = None) -> LoginResult:
    """The account when the password is right; raises Locked for a locked account, even
    with the right password. Commits: a failed attempt must count whatever the caller does."""
    account = find_account(session, email)
    password = password if isinstance(password, str) else ""
    if account is None or not account.active:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None)
    if account.locked_at is not None:
        raise Locked(account.email)
    if check_password_hash(account.password_hash, password):
        session.execute(update(StaffAccount).where(StaffAccount.id == account.id)
                        .values(failed_logins=0, last_login_at=now or utcnow()))
        session.commit()
        session.refresh(account)
        return LoginResult(account)
    session.execute(update(StaffAccount).where(StaffAccount.id == account.id)
                    .values(failed_logins=StaffAccount.failed_logins + 1))
    # The attempt that reaches the limit locks the account and ends its sessions elsewhere.
    locked = rowcount(session.execute(
        update(StaffAccount).where(StaffAccount.id == account.id,
                                   StaffAccount.failed_logins >= LOCK_AFTER,
                                   StaffAccount.locked_at.is_(None))
        .values(locked_at=now or utcnow(), session_version=StaffAccount.session_version + 1)))
    session.commit()
    session.refresh(account)
    if locked or account.locked_at is not None:
        raise Locked(account.email)
    return LoginResult(None, failures_left=LOCK_AFTER - account.failed_logins)


def change_password(session: Session, account: StaffAccount, current: str, new: str) -> None:
    """Needs the current password; ends the account's other sessions."""
    if not check_password_hash(account.password_hash, current or ""):
        raise AccountError(N_("The current password is not right."))
    check_new_password(new)
    account.password_hash = generate_password_hash(new)
    account.session_version += 1
    session.flush()


def unlock(session: Session, email: str) -> StaffAccount:
    account = find_account(session, email)
    if account is None:
        raise AccountError(N_("No account for {email}."), email=email)
    account.locked_at, account.failed_logins = None, 0
    session.flush()
    return account


def set_password(session: Session, email: str, password: str) -> StaffAccount:
    """An admin's reset (the CLI): no current password; unlocks and ends all sessions."""
    account = unlock(session, email)
    check_new_password(password)
    account.password_hash = generate_password_hash(password)
    account.session_version += 1
    session.flush()
    return account


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count(StaffAccount.id))) or 0
