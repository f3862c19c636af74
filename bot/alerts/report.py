"""The monthly report: what the monthly meeting of peer educators, the NGO and the police
unit looks at. No reporter identities. The command, `flask --app app report monthly
--month 2026-10 [--csv]`, is in `bot/cli/report.py`."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.codebook import Codebook
from bot.models import Alert

# Trends the meeting discusses by name (ILO TICW, Sihanoukville).
WATCHED = ("debt", "transfer", "moved")


class BadMonth(ValueError):
    """A month not written YYYY-MM."""


def month_bounds(month: str) -> tuple[datetime, datetime]:
    try:
        start = datetime.strptime(month, "%Y-%m")
    except ValueError as exc:
        raise BadMonth("write the month as YYYY-MM, e.g. 2026-10") from exc
    end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, end


def previous_month(month: str) -> str:
    start, _ = month_bounds(month)
    return f"{start.year - (start.month == 1)}-{(start.month - 2) % 12 + 1:02d}"


def _alerts(session: Session, month: str, book: Codebook) -> list[tuple[Alert, datetime]]:
    """Coded alerts raised in the month (by the deployment's local time), with that time."""
    start, end = month_bounds(month)
    # A day of margin each side covers every time zone; the exact cut is in local time.
    rows = session.scalars(select(Alert).where(
        Alert.kind == "coded", Alert.created_at >= start - timedelta(days=1),
        Alert.created_at < end + timedelta(days=1)))
    local = [(a, a.created_at.replace(tzinfo=UTC).astimezone(book.timezone).replace(tzinfo=None))
             for a in rows]
    return [(a, at) for a, at in local if start <= at < end]


def monthly(session: Session, book: Codebook, month: str) -> dict:
    dated = _alerts(session, month, book)
    alerts = [a for a, _ in dated]
    before = [a for a, _ in _alerts(session, previous_month(month), book)]
    by_code, by_code_before = Counter(a.code for a in alerts), Counter(a.code for a in before)
    by_week = Counter(f"week {(at.day - 1) // 7 + 1}" for _, at in dated)
    waits = [(a.acknowledged_at - a.created_at).total_seconds() / 60
             for a in alerts if a.acknowledged_at]
    rows = [(code, book.codes[code].meaning if code in book.codes else "?",
             by_code[code], by_code_before[code])
            for code in sorted(set(by_code) | set(by_code_before))]
    return {
        "month": month,
        "total": len(alerts),
        "total_before": len(before),
        "by_code": rows,
        "by_venue": sorted(Counter(a.venue for a in alerts).items()),
        "by_week": sorted(by_week.items()),
        "watched": [row for row in rows if any(word in row[1].lower() for word in WATCHED)],
        "ack_median_minutes": round(statistics.median(waits), 1) if waits else None,
        "ack_worst_minutes": round(max(waits), 1) if waits else None,
        "unacknowledged": sum(1 for a in alerts if not a.acknowledged_at),
    }


def as_text(data: dict) -> str:
    lines = [f"Monthly report {data['month']}: {data['total']} alerts "
             f"(previous month {data['total_before']})", "", "By code:"]
    for code, meaning, now, then in data["by_code"]:
        lines.append(f"  {code:<5} {meaning:<35} {now:>4}  ({_change(now, then)})")
    lines += ["", "By venue:"] + [f"  {venue:<8} {n:>4}" for venue, n in data["by_venue"]]
    lines += ["", "By week:"] + [f"  {week:<8} {n:>4}" for week, n in data["by_week"]]
    if data["watched"]:
        lines += ["", "Watch (debt bondage, transfers between venues):"]
        lines += [f"  {meaning}: {now} ({_change(now, then)} on last month)"
                  for _, meaning, now, then in data["watched"]]
    lines += ["", "Time to acknowledge: "
              + (f"median {data['ack_median_minutes']} min, worst {data['ack_worst_minutes']} min"
                 if data["ack_median_minutes"] is not None else "none acknowledged"),
              f"Not acknowledged: {data['unacknowledged']}"]
    return "\n".join(lines)


def as_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "label", "count", "previous_month"])
    writer.writerow(["total", "", "", data["total"], data["total_before"]])
    for code, meaning, now, then in data["by_code"]:
        writer.writerow(["code", code, meaning, now, then])
    for venue, n in data["by_venue"]:
        writer.writerow(["venue", venue, "", n, ""])
    for week, n in data["by_week"]:
        writer.writerow(["week", week, "", n, ""])
    writer.writerow(["ack_minutes", "median", "", data["ack_median_minutes"], ""])
    writer.writerow(["ack_minutes", "worst", "", data["ack_worst_minutes"], ""])
    writer.writerow(["unacknowledged", "", "", data["unacknowledged"], ""])
    return out.getvalue()


def _change(now: int, then: int) -> str:
    return f"{now - then:+d}"
