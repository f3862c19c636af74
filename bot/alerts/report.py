"""The monthly report: what the monthly meeting of peer educators, the NGO and the police
unit looks at. No reporter identities. The command, `flask --app app report monthly
--month 2026-10 [--csv]`, is in `bot/cli/report.py`."""

from __future__ import annotations

import csv
import io
import re
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


# -- for the dashboard's report page (bot/dashboard/report_page.py) ---------------------

MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
# Years a report can be asked for: the previous month of the first and the month after the
# last must still be dates.
FIRST_YEAR, LAST_YEAR = 1970, 9998
# Time to acknowledge, in minutes: the upper bound of each bar of the chart (None: longer).
ACK_BUCKETS = (5, 15, 30, 60, 240, None)


def parse_month(text: object) -> str:
    """A month exactly as YYYY-MM with a real month, else BadMonth (month_bounds alone also
    takes `2026-1`, and years its neighbours cannot be computed for)."""
    match = MONTH_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR \
            or not 1 <= int(match.group(2)) <= 12:
        raise BadMonth("write the month as YYYY-MM, e.g. 2026-10")
    return match.group(0)


def last_full_month(book: Codebook, now: datetime | None = None) -> str:
    """The month before this one, in the codebook's time zone."""
    local = (now or datetime.now(UTC)).astimezone(book.timezone)
    return previous_month(f"{local.year:04d}-{local.month:02d}")


def next_month(month: str) -> str:
    _, end = month_bounds(month)
    return f"{end.year:04d}-{end.month:02d}"


def weekly_by_code(session: Session, book: Codebook, month: str) -> dict[str, dict[str, int]]:
    """Code → {"week 1": n, ...}: the weeks of `monthly`'s by_week, split by code."""
    counts: dict[str, Counter] = {}
    for alert, at in _alerts(session, month, book):
        counts.setdefault(alert.code or "?", Counter())[f"week {(at.day - 1) // 7 + 1}"] += 1
    return {code: dict(counts[code]) for code in sorted(counts)}


def ack_waits(session: Session, book: Codebook, month: str) -> list[float]:
    """Minutes from raising to acknowledging, for each acknowledged alert of the month."""
    return sorted((a.acknowledged_at - a.created_at).total_seconds() / 60
                  for a, _ in _alerts(session, month, book) if a.acknowledged_at)


def ack_histogram(waits: list[float]) -> list[tuple[int, int | None, int]]:
    """(from, to, how many) for each bucket of ACK_BUCKETS; `to` None is open-ended."""
    rows, low = [], 0
    for high in ACK_BUCKETS:
        rows.append((low, high, sum(1 for w in waits
                                    if w >= low and (high is None or w < high))))
        low = high or low
    return rows
