"""The computed steps of the flows, and the facts and settings they read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import yaml

from bot.conversation.flows import parse_duration
from bot.crypto import DataCipher
from bot.facts.hotlines import Hotlines
from bot.facts.wages import WageBook
from bot.text.formats import WEEKDAYS
from bot.text.pay import PayWords, phrases

if TYPE_CHECKING:  # built by bot.services after the actions' facts
    from bot.alerts.network import AlertNetwork

@dataclass
class OfficeHours:
    days: tuple[str, ...]
    start: time
    end: time


@dataclass(frozen=True)
class PersonDeadlines:
    """How long a request to talk to a person waits for someone to take it before the next
    NGO contact is told: during office hours, and outside them."""

    take_within: timedelta = timedelta(minutes=15)
    take_within_closed: timedelta = timedelta(hours=2)


@dataclass
class ActionServices:
    wages: WageBook
    hotlines: Hotlines
    timezone: ZoneInfo
    office_hours: OfficeHours
    pay_words: PayWords
    entertainment_words: tuple[tuple[str, ...], ...]  # places with the sector rate
    ngo_phone: str | None
    cipher: DataCipher
    network: AlertNetwork | None = None  # when an alerts file exists
    production: bool = False  # then the simulator is a sandbox: it raises no alert
    person_deadlines: PersonDeadlines = field(default_factory=PersonDeadlines)


def load_action_services(*, facts_dir: str | Path, words_dir: str | Path,
                         settings_dir: str | Path, alerts_file: str | Path,
                         cipher: DataCipher) -> ActionServices:
    """Facts from `facts/`, the words of the wage check from `words/`, and the service's
    settings from `settings/service.yaml`."""
    facts, words = Path(facts_dir), Path(words_dir)
    service_file = Path(settings_dir) / "service.yaml"
    settings = _yaml(service_file)
    hours = settings["office_hours"]
    days = tuple(hours["days"])
    if not set(days) <= set(WEEKDAYS):
        raise ValueError(f"{service_file}: office_hours days must be among {WEEKDAYS}")
    return ActionServices(
        wages=WageBook.load(facts / "minimum_wages.yaml"),
        hotlines=Hotlines.load(facts / "hotlines.yaml"),
        timezone=ZoneInfo(settings["timezone"]),
        office_hours=OfficeHours(days=days, start=time.fromisoformat(hours["start"]),
                                 end=time.fromisoformat(hours["end"])),
        pay_words=PayWords.load(words / "pay_words.yaml"),
        entertainment_words=phrases(_yaml(words / "workplaces.yaml").get("entertainment")),
        ngo_phone=_ngo_phone(Path(alerts_file)),
        cipher=cipher,
        person_deadlines=_person_deadlines(service_file, settings.get("person_requests")),
    )


def _person_deadlines(service_file: Path, raw: object) -> PersonDeadlines:
    """`person_requests: {take_within: 15m, take_within_closed: 2h}` (both optional)."""
    if raw is None:
        return PersonDeadlines()
    if not isinstance(raw, dict):
        raise ValueError(f"{service_file}: person_requests must be a mapping like "
                         "{take_within: 15m, take_within_closed: 2h}")
    unknown = sorted(str(k) for k in raw if k not in ("take_within", "take_within_closed"))
    if unknown:
        raise ValueError(f"{service_file}: person_requests: unknown key {unknown[0]!r} "
                         "(known: take_within, take_within_closed)")
    defaults, values = PersonDeadlines(), {}
    for key in ("take_within", "take_within_closed"):
        if key not in raw:
            values[key] = getattr(defaults, key)
            continue
        try:
            values[key] = parse_duration(str(raw[key]))
        except ValueError as exc:
            raise ValueError(f"{service_file}: person_requests.{key}: {exc}") from exc
        if values[key] <= timedelta(0):
            raise ValueError(f"{service_file}: person_requests.{key} must be longer than 0")
    return PersonDeadlines(**values)


def _ngo_phone(alerts_file: Path) -> str | None:
    """The `public_phone` of the deployment's NGO partner, given to migrants who ask."""
    if not alerts_file.exists():
        return None
    for organisation in _yaml(alerts_file).get("organisations") or []:
        if organisation.get("kind") == "ngo" and organisation.get("public_phone"):
            return str(organisation["public_phone"])
    return None


def _yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def register_all() -> set[str]:
    """Import the handler modules (they register themselves) and return their names."""
    from bot.actions import help, person, wage_check, wages  # noqa: F401, A004
    from bot.conversation.actions import ACTIONS

    return set(ACTIONS)
