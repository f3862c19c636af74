"""Saved replies (`/staff/saved-replies`): ready answers per language that the inbox's reply
box offers for a person of that language. NGO and admins only. Adding and deleting one is
in the audit trail, without its text (SAFETY 14: free text stays out of the trail)."""

from __future__ import annotations

import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts import audit
from bot.dashboard.access import _, requires
from bot.dashboard.blueprint import bp
from bot.models import SavedReply
from bot.services import services
from bot.sessions import get_session

ROLES = ("ngo",)  # and admin, always
MAX_TITLE = 80
MAX_BODY = 1000
MAX_ID_DIGITS = 9


def clean_text(raw: object, limit: int) -> str | None:
    """A text from a form: stripped, NFC, no control characters but line breaks and tabs;
    None when it is empty, too long or not text."""
    if not isinstance(raw, str):
        return None
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n")).strip()
    if not text or len(text) > limit:
        return None
    if any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in text):
        return None
    return text


def language_label(code: str | None) -> str:
    """A language by its own name and its Latin one: "ខ្មែរ (Khmer)"."""
    if not code:
        return "-"
    for language in services().engine.languages.all:
        if language.code == code:
            return language.menu_label
    return code


def language_codes() -> list[str]:
    """The service's languages, in the order of its language menu."""
    return services().engine.languages.codes


def saved_for(session: Session, locale: str | None) -> list[SavedReply]:
    """The saved replies in one language, by title."""
    if not locale:
        return []
    return list(session.scalars(select(SavedReply).where(SavedReply.locale == locale)
                                .order_by(SavedReply.title, SavedReply.id)))


def _page(session: Session, form: dict[str, str], status: int = 200):
    everything = list(session.scalars(select(SavedReply).order_by(SavedReply.title,
                                                                  SavedReply.id)))
    groups = []
    for code in language_codes():
        replies = [reply for reply in everything if reply.locale == code]
        groups.append({"locale": code, "label": language_label(code), "replies": replies})
    return render_template("staff/saved_replies.html", groups=groups, form=form,
                           languages=[(code, language_label(code)) for code in language_codes()],
                           max_title=MAX_TITLE, max_body=MAX_BODY), status


@bp.route("/saved-replies", methods=["GET", "POST"])
@requires(*ROLES)
def saved_replies():
    session = get_session()
    if request.method == "GET":
        chosen = request.args.get("locale", "")
        return _page(session, {"locale": chosen if chosen in language_codes() else ""})
    raw = {key: request.form.get(key, "") for key in ("locale", "title", "body")}
    refill = {key: value if "\x00" not in value else "" for key, value in raw.items()}
    locale = raw["locale"] if raw["locale"] in language_codes() else None
    title = clean_text(raw["title"], MAX_TITLE)
    body = clean_text(raw["body"], MAX_BODY)
    if locale is None:
        flash(_("Choose one of the service's languages."), "error")
        return _page(session, refill, 400)
    if title is None or "\n" in title:
        flash(_("Give the saved reply a title of one line, at most {max} characters.",
                max=MAX_TITLE), "error")
        return _page(session, refill, 400)
    if body is None:
        flash(_("Write the reply, at most {max} characters.", max=MAX_BODY), "error")
        return _page(session, refill, 400)
    saved = SavedReply(locale=locale, title=title, body=body, created_by=current_user.actor)
    session.add(saved)
    session.flush()
    audit.record(session, None, current_user.actor, "saved_reply_added",
                 saved_reply=saved.id, locale=locale)
    session.commit()
    flash(_("The saved reply is added."), "info")
    return redirect(url_for("staff.saved_replies", locale=locale))


@bp.post("/saved-replies/<reply_id>/delete")
@requires(*ROLES)
def delete_saved_reply(reply_id: str):
    if not reply_id.isascii() or not reply_id.isdigit() or len(reply_id) > MAX_ID_DIGITS:
        abort(404)
    session = get_session()
    saved = session.get(SavedReply, int(reply_id))
    if saved is None:
        abort(404)
    locale = saved.locale
    session.delete(saved)
    audit.record(session, None, current_user.actor, "saved_reply_deleted",
                 saved_reply=int(reply_id), locale=locale)
    session.commit()
    flash(_("The saved reply is deleted."), "info")
    return redirect(url_for("staff.saved_replies", locale=locale))
