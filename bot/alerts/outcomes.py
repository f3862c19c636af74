"""What the alert operations return and how they refuse, for any interface to show (the
SMS/Telegram commands as text, a dashboard as pages): no translated text here."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Alert


class UnknownAlert(LookupError):
    """No alert has this number."""


class BadOutcome(ValueError):
    """CLOSE with an ending that is not one of texts.OUTCOMES."""


class NotAllowed(PermissionError):
    """Closing is for the NGO partner's contacts, not the police unit's."""


class AlreadyClosed(ValueError):
    """The alert was closed before; args[0] is its outcome."""


class AlreadyTaken(ValueError):
    """Another responder acknowledged the alert first; args[0] is who."""


@dataclass(frozen=True)
class Acted:
    """What an operation on an alert did, for any interface to show: the alert, who acted,
    what changed ("acknowledged", "closed", "answered"), and the outbox messages telling the
    others, to send at once. Refusals are the exceptions above."""

    alert: Alert
    actor: str
    change: str
    told: list[int]


@dataclass
class Raised:
    alert: Alert
    new: bool
    message_ids: list[int]
