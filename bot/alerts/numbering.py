"""Alert numbers, what people say ("OK 12"): handed out one at a time from a counter row,
so concurrent reporters never take the same number."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Alert, Counter

ALERT_COUNTER = "alert_number"


def next_alert_number(session: Session) -> int:
    """The next alert number. The counter row's lock makes concurrent reporters wait for
    each other for a moment instead of taking the same number (and failing)."""
    for _ in range(3):
        number = session.execute(
            update(Counter).where(Counter.name == ALERT_COUNTER)
            .values(value=Counter.value + 1).returning(Counter.value)).scalar_one_or_none()
        if number is not None:
            return int(number)
        start = _after_highest(session)
        try:  # no counter yet (an emptied database): the first writer creates it
            with session.begin_nested():
                session.add(Counter(name=ALERT_COUNTER, value=start))
            return start
        except IntegrityError:
            continue  # another transaction created it first: take the next from it
    raise RuntimeError("the alert counter could not be read")


def peek_alert_number(session: Session) -> int:
    """The number the next alert would get, read without taking it (the sandbox)."""
    current = session.scalar(select(Counter.value).where(Counter.name == ALERT_COUNTER))
    return int(current) + 1 if current is not None else _after_highest(session)


def _after_highest(session: Session) -> int:
    """Where numbering starts without a counter row (an emptied database)."""
    return (session.scalar(select(func.max(Alert.number))) or 0) + 1
