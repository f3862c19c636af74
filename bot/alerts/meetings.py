"""Monthly meetings ("first monday 10:00") and their reminders, sent once by the clock a
day ahead, in each person's language, and as innocuous text to reporters."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WHEN_RE = re.compile(r"^(first|second|third|fourth|last)\s+(\w+)\s+(\d{1,2}):(\d{2})$")


def parse_when(text: str) -> tuple[int, int, time]:
    """"first monday 10:00" → (1, 0, 10:00)."""
    match = WHEN_RE.match(text.strip().lower())
    if not match or match.group(2) not in WEEKDAYS:
        raise ValueError(f"'when' must look like 'first monday 10:00', not {text!r}")
    return (ORDINALS[match.group(1)], WEEKDAYS.index(match.group(2)),
            time(int(match.group(3)), int(match.group(4))))


def day_in_month(year: int, month: int, ordinal: int, weekday: int) -> date:
    days = [day for day in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, day).weekday() == weekday]
    return date(year, month, days[ordinal - 1 if ordinal > 0 else -1])


def next_meeting(when: str, after: datetime) -> datetime:
    """The first meeting at or after `after` (naive local time)."""
    ordinal, weekday, at = parse_when(when)
    year, month = after.year, after.month
    for _ in range(3):
        moment = datetime.combine(day_in_month(year, month, ordinal, weekday), at)
        if moment >= after:
            return moment
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable: a month always has the weekday")
