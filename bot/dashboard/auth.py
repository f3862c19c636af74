"""Logging in and out, the account page (password, language) and the accounts list for
admins. Every login, failed login, logout and change is written to the audit trail."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask import session as browser
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from bot.alerts import audit
from bot.dashboard.access import LANGUAGE_NAMES, LOCALES, ROLES, StaffUser, _, requires
from bot.dashboard.blueprint import bp
from bot.models import StaffAccount
from bot.sessions import get_session
from bot.staff import accounts


class LoginForm(FlaskForm):
    email = EmailField(validators=[DataRequired(), Length(max=254)])
    password = PasswordField(validators=[DataRequired(), Length(max=accounts.MAX_PASSWORD)])


class PasswordForm(FlaskForm):
    current = PasswordField(validators=[DataRequired(), Length(max=accounts.MAX_PASSWORD)])
    new = PasswordField(validators=[DataRequired(), Length(max=accounts.MAX_PASSWORD)])


class LanguageForm(FlaskForm):
    locale = SelectField(choices=[(code, LANGUAGE_NAMES[code]) for code in LOCALES])


class NewAccountForm(FlaskForm):
    email = EmailField(validators=[DataRequired(), Length(max=254)])
    role = SelectField(choices=[(role, role) for role in ROLES])
    locale = SelectField(choices=[(code, LANGUAGE_NAMES[code]) for code in LOCALES])
    password = PasswordField(validators=[DataRequired(), Length(max=accounts.MAX_PASSWORD)])
    responder = StringField(validators=[Length(max=40)])


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a link that logs in and sends the person elsewhere is a
    phishing tool."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/staff/") \
            and "\\" not in target:
        return target
    return url_for("staff.home")


@bp.get("/")
@login_required
def home():
    return redirect(url_for("staff.queue"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    status = 200
    if form.validate_on_submit():
        session = get_session()
        try:
            result = accounts.authenticate(session, form.email.data, form.password.data)
        except accounts.Locked:
            account = accounts.find_account(session, form.email.data)
            audit.record(session, None, f"staff:{account.id}", "login_refused_locked")
            session.commit()
            flash(_("This account is locked after too many failed logins. Ask an "
                    "administrator to unlock it."), "error")
            return render_template("staff/login.html", form=form), 403
        if result.account is not None:
            browser.clear()  # a new session id for the logged-in person (fixation)
            login_user(StaffUser.of(result.account))
            browser.permanent = True
            audit.record(session, None, f"staff:{result.account.id}", "login")
            session.commit()
            return redirect(_safe_next(request.args.get("next")))
        known = accounts.find_account(session, form.email.data)
        if known is not None:
            audit.record(session, None, f"staff:{known.id}", "login_failed")
            session.commit()
        flash(_("Wrong email or password."), "error")
        status = 401
    elif request.method == "POST":
        flash(_("Enter your email and password."), "error")
        status = 400
    return render_template("staff/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    session = get_session()
    audit.record(session, None, current_user.actor, "logout")
    session.commit()
    logout_user()
    browser.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("staff.login"))


@bp.route("/account", methods=["GET", "POST"])
@requires(*ROLES)
def account():
    session = get_session()
    record = session.get(StaffAccount, current_user.account_id)
    password_form, language_form = PasswordForm(prefix="pw"), LanguageForm(prefix="lang")
    if request.method == "GET":
        language_form.locale.data = record.locale
    status = 200
    if request.method == "POST" and request.form.get("action") == "language":
        if language_form.validate_on_submit():
            record.locale = language_form.locale.data
            audit.record(session, None, current_user.actor, "language_changed",
                         locale=record.locale)
            session.commit()
            login_user(StaffUser.of(record))
            return redirect(url_for("staff.account"))
        status = 400
    elif request.method == "POST":
        if password_form.validate_on_submit():
            try:
                accounts.change_password(session, record, password_form.current.data,
                                         password_form.new.data)
            except accounts.AccountError as error:
                session.rollback()
                flash(_(error.message, **error.values), "error")
                status = 400
            else:
                audit.record(session, None, current_user.actor, "password_changed")
                session.commit()
                login_user(StaffUser.of(record))  # this session goes on; all others end
                flash(_("Your password is changed. Other sessions are logged out."), "info")
                return redirect(url_for("staff.account"))
        else:
            flash(_("Fill in both passwords."), "error")
            status = 400
    return render_template("staff/account.html", password_form=password_form,
                           language_form=language_form, account=record), status


@bp.route("/accounts", methods=["GET", "POST"])
@requires("admin")
def accounts_page():
    session = get_session()
    form = NewAccountForm()
    status = 200
    if request.method == "POST" and request.form.get("unlock"):
        try:
            unlocked = accounts.unlock(session, request.form["unlock"])
        except accounts.AccountError:
            status = 404
        else:
            audit.record(session, None, current_user.actor, "account_unlocked",
                         account=unlocked.id)
            session.commit()
            return redirect(url_for("staff.accounts_page"))
    elif form.validate_on_submit():
        try:
            added = accounts.add_account(session, form.email.data, form.role.data,
                                         form.password.data, form.locale.data,
                                         form.responder.data or None)
        except accounts.AccountError as error:
            session.rollback()
            flash(_(error.message, **error.values), "error")
            status = 400
        else:
            audit.record(session, None, current_user.actor, "account_added",
                         account=added.id, role=added.role)
            session.commit()
            return redirect(url_for("staff.accounts_page"))
    elif request.method == "POST":
        flash(_("Fill in the email, role and password."), "error")
        status = 400
    everyone = session.query(StaffAccount).order_by(StaffAccount.email).all()
    return render_template("staff/accounts.html", form=form, accounts=everyone), status
