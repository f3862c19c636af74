"""The deployment's alerts file (`ALERTS_FILE`, format in DESIGN.md): organisations, the
response network, severities with their escalation ladders, codes, venues, the reply a
reporter gets, who is on duty (`on_call`) and monthly meetings. Checked at start with
errors that name the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.alerts.meetings import parse_when
from bot.channels import registry
from bot.conversation.flows import parse_duration

CODE_RE = re.compile(r"^[A-Za-z0-9]{1,12}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A ladder step's `notify` may name `on_call:<org>`: whoever is on duty there at the time.
ON_CALL_PREFIX = "on_call:"
# A contact's keys other than its addresses (whose keys the channel registry names).
CONTACT_KEYS = {"id", "org", "lang"}


class CodebookError(ValueError):
    """The alerts file is wrong; the message names the file and line."""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str  # "ngo" | "police" | other
    public_phone: str | None = None


@dataclass(frozen=True)
class ResponseContact:
    id: str
    org: str
    # (channel name, address) for every channel this contact is reached on, in the
    # registry's order (bot.channels.registry); a tuple, so the contact stays hashable.
    addresses: tuple[tuple[str, str], ...]
    lang: str = "en"

    @property
    def address_on(self) -> dict[str, str]:
        """Channel name → this contact's address on it."""
        return dict(self.addresses)


@dataclass(frozen=True)
class EscalationStep:
    after: timedelta  # since the alert was raised
    notify: tuple[str, ...]


@dataclass(frozen=True)
class Shift:
    """One entry of an organisation's rotation: `contact` is on duty on `days` from `start`
    to `end`, in the file's time zone; `end` before `start` runs overnight into the next
    day."""

    contact: str
    days: tuple[str, ...]
    start: time
    end: time

    @property
    def overnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class Code:
    code: str  # upper case
    meanings: dict[str, str]  # language → meaning; "en" always present
    severity: str
    duress: bool = False

    @property
    def meaning(self) -> str:
        """The English meaning (reports, the audit trail)."""
        return self.meanings["en"]

    def meaning_in(self, lang: str) -> str:
        """The meaning in a responder's language, else English."""
        return self.meanings.get(lang) or self.meanings.get(lang.split("-")[0]) or self.meaning


@dataclass(frozen=True)
class Venue:
    code: str  # upper case
    name: str
    area: str


@dataclass(frozen=True)
class Meeting:
    when: str  # "first monday 10:00"
    remind: tuple[str, ...]
    reporters: bool


@dataclass
class Codebook:
    organisations: dict[str, Organisation]
    contacts: dict[str, ResponseContact]
    severities: dict[str, list[EscalationStep]]  # in the file's order: the first is the top
    codes: dict[str, Code]
    venues: dict[str, Venue]
    ack_reply: str
    timezone: ZoneInfo
    meetings: list[Meeting] = field(default_factory=list)
    on_call: dict[str, list[Shift]] = field(default_factory=dict)  # org id → rotation

    @property
    def top_severity(self) -> str:
        return next(iter(self.severities))

    def is_police(self, contact_id: str) -> bool:
        return self.organisations[self.contacts[contact_id].org].kind == "police"

    def ngo_contacts(self) -> list[str]:
        return [c.id for c in self.contacts.values()
                if self.organisations[c.org].kind == "ngo"]

    def org_contacts(self, org: str) -> list[str]:
        return [c.id for c in self.contacts.values() if c.org == org]


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML: {exc}") from exc
    lines = _line_numbers(root)

    def fail(where: tuple, message: str) -> CodebookError:
        line = lines.get(where) or lines.get(where[:1])
        return CodebookError(f"{path}{f', line {line}' if line else ''}: {message}")

    for key in ("organisations", "contacts", "severities", "codes", "ack_reply"):
        if key not in data:
            raise fail((), f"missing '{key}'")
    organisations = {}
    for i, raw in enumerate(data["organisations"] or []):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("kind"):
            raise fail(("organisations", i), "an organisation needs id and kind")
        organisations[str(raw["id"])] = Organisation(
            id=str(raw["id"]), name=str(raw.get("name") or raw["id"]), kind=str(raw["kind"]),
            public_phone=str(raw["public_phone"]) if raw.get("public_phone") else None)
    contacts = {}
    for i, raw in enumerate(data["contacts"] or []):
        if not isinstance(raw, dict) or not raw.get("id"):
            raise fail(("contacts", i), "a contact needs an id")
        if raw.get("org") not in organisations:
            raise fail(("contacts", i), f"contact {raw['id']!r}: unknown org {raw.get('org')!r}")
        address_keys = registry.alerts_keys()  # `sms` → sms, `telegram_chat_id` → telegram
        # A misspelt key would leave a responder silently unreachable on that channel.
        unknown = sorted(str(key) for key in raw if key not in CONTACT_KEYS
                         and key not in address_keys)
        if unknown:
            raise fail(("contacts", i), f"contact {raw['id']!r}: unknown key {unknown[0]!r} "
                       f"(addresses: {', '.join(address_keys)})")
        addresses = tuple((channel, str(raw[key])) for key, channel in address_keys.items()
                          if raw.get(key))
        if not addresses:
            raise fail(("contacts", i),
                       f"contact {raw['id']!r} needs {' or '.join(address_keys)}")
        contacts[str(raw["id"])] = ResponseContact(
            id=str(raw["id"]), org=str(raw["org"]), addresses=addresses,
            lang=str(raw.get("lang") or "en"))
    rotations = _on_call(data.get("on_call"), organisations, contacts, fail)
    severities: dict[str, list[EscalationStep]] = {}
    for name, steps in (data["severities"] or {}).items():
        ladder = []
        for i, raw in enumerate(steps or []):
            where: tuple = ("severities", name, i)
            notify = tuple(str(c) for c in (raw or {}).get("notify") or ())
            if not notify:
                raise fail(where, f"severity {name!r} step {i + 1} notifies nobody")
            unknown = [c for c in notify if c not in contacts
                       and c.removeprefix(ON_CALL_PREFIX) not in rotations]
            if unknown:
                raise fail(where, f"severity {name!r} step {i + 1}: unknown contacts {unknown}")
            try:
                after = parse_duration(raw["after"]) if i else timedelta(0)
            except (KeyError, ValueError) as exc:
                raise fail(where, f"severity {name!r} step {i + 1}: 'after' {exc}") from exc
            ladder.append(EscalationStep(after=after, notify=notify))
        if not ladder:
            raise fail(("severities", name), f"severity {name!r} has no steps")
        severities[str(name)] = ladder
    codes = {}
    for code, raw in (data["codes"] or {}).items():
        where = ("codes", code)
        if not CODE_RE.match(str(code)):
            raise fail(where, f"code {code!r}: letters and digits only")
        if not isinstance(raw, dict) or raw.get("severity") not in severities:
            raise fail(where, f"code {code!r}: severity must be one of {list(severities)}")
        codes[str(code).upper()] = Code(code=str(code).upper(),
                                        meanings=_meanings(raw.get("meaning"), fail, where),
                                        severity=raw["severity"], duress=bool(raw.get("duress")))
    venues = {}
    for i, raw in enumerate(data.get("venues") or []):
        if not isinstance(raw, dict) or not raw.get("code"):
            raise fail(("venues", i), "a venue needs a code")
        venue = Venue(code=str(raw["code"]).upper(), name=str(raw.get("name") or ""),
                      area=str(raw.get("area") or ""))
        if venue.code in codes:
            raise fail(("venues", i), f"venue {venue.code!r} is also a code")
        venues[venue.code] = venue
    try:
        timezone = ZoneInfo(str(data.get("timezone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise fail(("timezone",), f"unknown timezone {data.get('timezone')!r}") from exc
    meetings = []
    for i, raw in enumerate(data.get("meetings") or []):
        remind = tuple(str(c) for c in raw.get("remind") or ())
        if [c for c in remind if c not in contacts]:
            raise fail(("meetings", i), f"meeting {i + 1}: unknown contacts in remind")
        try:
            parse_when(str(raw.get("when")))
        except ValueError as exc:
            raise fail(("meetings", i), f"meeting {i + 1}: {exc}") from exc
        meetings.append(Meeting(when=str(raw["when"]), remind=remind,
                                reporters=bool(raw.get("reporters"))))
    ack_reply = str(data["ack_reply"])
    if "{number}" not in ack_reply:
        raise fail(("ack_reply",), "ack_reply must contain {number}")
    return Codebook(organisations, contacts, severities, codes, venues, ack_reply, timezone,
                    meetings, rotations)


def _on_call(raw: object, organisations: dict[str, Organisation],
             contacts: dict[str, ResponseContact], fail) -> dict[str, list[Shift]]:  # noqa: ANN001
    """`on_call: {ngo: [{contact: ngo-duty, days: [mon, ...], from: "08:00", to: "18:00"}]}`."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail(("on_call",), "on_call must map organisation ids to their rotations")
    rotations: dict[str, list[Shift]] = {}
    for org, entries in raw.items():
        org = str(org)
        if org not in organisations:
            raise fail(("on_call", org), f"on_call: unknown organisation {org!r}")
        if not isinstance(entries, list) or not entries:
            raise fail(("on_call", org), f"on_call {org!r}: a list of shifts is needed")
        shifts = []
        for i, entry in enumerate(entries):
            where: tuple = ("on_call", org, i)
            name = f"on_call {org!r} shift {i + 1}"
            if not isinstance(entry, dict):
                raise fail(where, f"{name}: needs contact, days, from and to")
            unknown_keys = sorted(str(k) for k in entry if k not in ("contact", "days", "from",
                                                                      "to"))
            if unknown_keys:
                raise fail(where, f"{name}: unknown key {unknown_keys[0]!r}")
            contact = str(entry.get("contact") or "")
            if contact not in contacts:
                raise fail(where, f"{name}: unknown contact {contact!r}")
            if contacts[contact].org != org:
                raise fail(where, f"{name}: contact {contact!r} is not of {org!r}")
            days = entry.get("days")
            if not isinstance(days, list) or not days \
                    or not {str(d).lower() for d in days} <= set(WEEKDAYS):
                raise fail(where, f"{name}: days must be a list among {', '.join(WEEKDAYS)}")
            times = []
            for key in ("from", "to"):
                value = entry.get(key)
                if not isinstance(value, str) or not TIME_RE.match(value):
                    raise fail(where, f"{name}: '{key}' must be a time like \"08:00\" "
                               "(in quotes)")
                times.append(time.fromisoformat(value))
            if times[0] == times[1]:
                raise fail(where, f"{name}: 'from' and 'to' are the same time")
            shifts.append(Shift(contact=contact, days=tuple(str(d).lower() for d in days),
                                start=times[0], end=times[1]))
        rotations[org] = shifts
    return rotations


def _meanings(raw: object, fail, where: tuple) -> dict[str, str]:  # noqa: ANN001
    """`meaning: "debt bondage"` or `meaning: {en: "debt bondage", km: "..."}`."""
    if isinstance(raw, str) and raw.strip():
        return {"en": raw.strip()}
    if isinstance(raw, dict) and all(isinstance(v, str) and v.strip() for v in raw.values()):
        meanings = {str(lang): text.strip() for lang, text in raw.items()}
        if "en" not in meanings:
            raise fail(where, f"code {where[-1]!r}: meaning needs an 'en' text")
        return meanings
    raise fail(where, f"code {where[-1]!r}: meaning must be a text, or texts per language")


def _line_numbers(node: yaml.Node | None, path: tuple = ()) -> dict[tuple, int]:
    """(key, index, ...) → 1-based line, for error messages."""
    found: dict[tuple, int] = {}
    if node is None:
        return found
    found[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.update(_line_numbers(value, (*path, key.value)))
            found[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.update(_line_numbers(item, (*path, index)))
    return found
