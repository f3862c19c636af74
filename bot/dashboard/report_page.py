"""The monthly report for the meeting of peer educators, the NGO and the police unit:
the figures of `bot.alerts.report.monthly` for a month, the changes on the month before
(debt bondage and transfers called out), charts drawn on the server, a CSV download and a
print layout. The report holds no reporter identity and no notes, so police may read it."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request, url_for
from flask_login import current_user

from bot.alerts import audit
from bot.alerts import report as reports
from bot.alerts.codebook import Codebook
from bot.dashboard import charts
from bot.dashboard.access import _, locale, requires
from bot.dashboard.blueprint import bp
from bot.dashboard.security import talisman
from bot.sessions import get_session
from bot.text import N_

# An SVG chart's own policy: its inline <style> and nothing else (no script, no request).
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
CHARTS = ("weekly", "venues", "acknowledge")
BAD_MONTH = N_("Write the month as YYYY-MM, for example 2026-10.")


def _network():
    return current_app.extensions.get("alerts")


def _month_asked(book: Codebook) -> str:
    """The month in the address, or the last full month; abort(400) with the sentence."""
    raw = request.args.get("month")
    if raw is None or raw == "":
        return reports.last_full_month(book)
    try:
        return reports.parse_month(raw)
    except reports.BadMonth:
        abort(Response(render_template("staff/error.html", title=_("Not a month"),
                                       message=_(BAD_MONTH)), status=400))


def _valid(month: str) -> str | None:
    """`month` when the page can be asked for it (the years have an end)."""
    try:
        return reports.parse_month(month)
    except reports.BadMonth:
        return None


def _weeks(month: str) -> list[str]:
    """The week keys of `monthly`'s by_week for every week of the month (4 or 5)."""
    start, end = reports.month_bounds(month)
    return [f"week {n}" for n in range(1, ((end - start).days - 1) // 7 + 2)]


def _week_label(key: str) -> str:
    return _("Week {number}", number=key.removeprefix("week "))


def _meaning(book: Codebook, code: str, fallback: str) -> str:
    known = book.codes.get(code)
    return known.meaning_in(locale()) if known else fallback


def _minutes(low: int, high: int | None) -> str:
    if high is None:
        return _("{low} min or more", low=low)
    return _("{low}-{high} min", low=low, high=high)


def _figures(session, book: Codebook, month: str) -> dict:  # noqa: ANN001
    data = reports.monthly(session, book, month)
    weekly = reports.weekly_by_code(session, book, month)
    weeks = _weeks(month)
    watched_codes = {row[0] for row in data["watched"]}
    codes = [{"code": code, "meaning": _meaning(book, code, meaning), "count": now,
              "before": then, "change": now - then, "watched": code in watched_codes}
             for code, meaning, now, then in data["by_code"]]
    venues = [{"code": venue, "name": book.venues[venue].name if venue in book.venues else "",
               "area": book.venues[venue].area if venue in book.venues else "", "count": n}
              for venue, n in data["by_venue"]]
    histogram = [{"label": _minutes(low, high), "count": n}
                 for low, high, n in reports.ack_histogram(reports.ack_waits(session, book,
                                                                          month))]
    return {
        "data": data, "codes": codes, "venues": venues, "histogram": histogram,
        "watched": [row for row in codes if row["watched"]],
        "weeks": [{"key": key, "label": _week_label(key),
                   "counts": [weekly[code].get(key, 0) for code in weekly],
                   "total": sum(weekly[code].get(key, 0) for code in weekly)}
                  for key in weeks],
        "week_codes": list(weekly),
        "change": data["total"] - data["total_before"],
    }


@bp.get("/report")
@requires("ngo", "police")
def report():
    network = _network()
    if network is None:
        return render_template("staff/report.html", month=None, figures=None)
    book = network.codebook
    month = _month_asked(book)
    session = get_session()
    figures = _figures(session, book, month)
    audit.record(session, None, current_user.actor, "report_viewed", month=month)
    session.commit()
    charts_shown = {name: url_for("staff.report_chart", name=name, month=month)
                    for name in CHARTS}
    return render_template(
        "staff/report.html", month=month, figures=figures, charts=charts_shown,
        previous=_valid(reports.previous_month(month)), following=_valid(reports.next_month(month)),
        csv_url=url_for("staff.report_csv", month=month))


@bp.get("/report.csv")
@requires("ngo", "police")
def report_csv():
    network = _network()
    if network is None:
        abort(404)
    month = _month_asked(network.codebook)
    session = get_session()
    body = reports.as_csv(reports.monthly(session, network.codebook, month))
    audit.record(session, None, current_user.actor, "report_exported", month=month)
    session.commit()
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="report-{month}.csv"',
        "Cache-Control": "private, no-store"})


@bp.get("/report/chart/<name>.svg")
@talisman(content_security_policy=SVG_CSP)
@requires("ngo", "police")
def report_chart(name: str):
    network = _network()
    if network is None or name not in CHARTS:
        abort(404)
    book = network.codebook
    month = _month_asked(book)
    session = get_session()
    figures = _figures(session, book, month)
    none = _("No alerts this month")
    if name == "weekly":
        svg = charts.stacked_bars(
            _("Alerts per week by code, {month}", month=month),
            [week["label"] for week in figures["weeks"]],
            [(code, [week["counts"][i] for week in figures["weeks"]])
             for i, code in enumerate(figures["week_codes"])], none, y_title=_("Alerts"))
    elif name == "venues":
        svg = charts.bars(_("Alerts per venue, {month}", month=month),
                          [venue["code"] for venue in figures["venues"]],
                          [venue["count"] for venue in figures["venues"]], _("Alerts"), none,
                          y_title=_("Alerts"))
    else:
        svg = charts.bars(_("Time to acknowledge, {month}", month=month),
                          [row["label"] for row in figures["histogram"]],
                          [row["count"] for row in figures["histogram"]], _("Alerts"), none,
                          x_title=_("Minutes from the alert to its acknowledgement"),
                          y_title=_("Alerts"))
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-cache"})
