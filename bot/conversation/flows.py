"""Conversation flows declared in `flows/*.yaml`, loaded and checked once at start-up.

A flow file looks like:

    id: main
    start: menu
    expiry: 30m            # after this long without a message, a reply starts afresh
    steps:
      menu:
        text: "What do you need?"   # English source text; translations in locales/
        note: "for translators"     # optional
        options:                    # numbered 1, 2, ... in this order
          - {label: "At work", next: at_work}
          - {label: "Language", next: "@language"}
        routes:                     # optional free-text routes: any word → step
          - {match: [passport, wage], next: at_work}
        input: {save_as: pay, next: check_pay}   # optional: keep free text, move on

A step may also have `action: NAME` (its text is computed, see bot/actions/),
`employer: true` (a rights answer the person can send again in Thai) and `hold: NAME`:
free text written while there goes to that action instead of being read as a question
(talking to a person); the action answers, or gives it back to the engine. `next` names a step
of the same flow, `flow:step` for another flow, or one of `@language`, `@menu`,
`@employer` (the last rights answer in Thai) and `@country:XX` (set the person's country).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import yaml

TARGET_ACTIONS = {"@language", "@menu", "@employer"}
COUNTRIES = {"TH", "KH", "LA", "VN", "MM"}
_DURATION_RE = re.compile(r"^(\d+)\s*([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class FlowError(ValueError):
    """A flow file is wrong; the message names the file and the step."""


@dataclass(frozen=True)
class OptionDef:
    label: str
    next: str


@dataclass(frozen=True)
class RouteDef:
    match: tuple[str, ...]
    next: str


@dataclass(frozen=True)
class InputDef:
    save_as: str
    next: str


@dataclass(frozen=True)
class StepDef:
    id: str
    text: str
    options: tuple[OptionDef, ...] = ()
    routes: tuple[RouteDef, ...] = ()
    input: InputDef | None = None
    note: str | None = None
    action: str | None = None
    employer: bool = False
    hold: str | None = None  # the action that takes free text written at this step


@dataclass
class FlowDef:
    id: str
    start: str
    expiry: timedelta
    steps: dict[str, StepDef] = field(default_factory=dict)
    source: str = ""


def parse_duration(value: str) -> timedelta:
    """`30s`, `10m`, `2h`, `1d` → timedelta."""
    match = _DURATION_RE.match(str(value).strip())
    if not match:
        raise ValueError(f"bad duration {value!r}: write it like 30s, 10m, 2h or 1d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


# The one file in flows/ that is not a flow: the example codebook stays at flows/alerts.yaml
# because that path is ALERTS_FILE's documented default (DESIGN.md).
NOT_FLOWS = frozenset({"alerts.yaml"})


def load_flows(directory: str | Path, actions: set[str] | None = None) -> dict[str, FlowDef]:
    """Every `*.yaml` in `directory` (but alerts.yaml) is a flow, checked as a whole;
    `actions` are the names a step's `action` may take."""
    flows: dict[str, FlowDef] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        if path.name in NOT_FLOWS:
            continue
        with path.open(encoding="utf-8") as handle:
            try:
                data = yaml.safe_load(handle)
            except yaml.YAMLError as exc:
                raise FlowError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict) or "steps" not in data:
            raise FlowError(f"{path}: not a flow (no 'steps'); flows/ holds flows only, "
                            "facts go in facts/, words people type in words/, settings in "
                            "settings/")
        flow = _parse_flow(path, data, actions or set())
        if flow.id in flows:
            raise FlowError(f"{path}: flow id {flow.id!r} is also used by {flows[flow.id].source}")
        flows[flow.id] = flow
    if "main" not in flows:
        raise FlowError(f"{directory}: no flow with id 'main' (the menu everyone starts from)")
    for flow in flows.values():
        _check_targets(flow, flows)
    return flows


def _parse_flow(path: Path, data: dict, actions: set[str]) -> FlowDef:
    where = str(path)
    for key in ("id", "start", "steps"):
        if key not in data:
            raise FlowError(f"{where}: missing '{key}'")
    try:
        expiry = parse_duration(data.get("expiry", "30m"))
    except ValueError as exc:
        raise FlowError(f"{where}: expiry: {exc}") from exc
    if not isinstance(data["steps"], dict) or not data["steps"]:
        raise FlowError(f"{where}: 'steps' must map step names to steps")
    flow = FlowDef(id=str(data["id"]), start=str(data["start"]), expiry=expiry, source=where)
    for step_id, raw in data["steps"].items():
        flow.steps[str(step_id)] = _parse_step(f"{where}: step '{step_id}'", str(step_id), raw,
                                               actions)
    if flow.start not in flow.steps:
        raise FlowError(f"{where}: start step '{flow.start}' is not among the steps")
    return flow


def _parse_step(where: str, step_id: str, raw: object, actions: set[str]) -> StepDef:
    if not isinstance(raw, dict):
        raise FlowError(f"{where}: must be a mapping with at least 'text'")
    unknown = set(raw) - {"text", "note", "options", "routes", "input", "action", "employer",
                          "hold"}
    if unknown:
        raise FlowError(f"{where}: unknown keys {sorted(unknown)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FlowError(f"{where}: 'text' is missing or empty")
    options = []
    for number, option in enumerate(raw.get("options") or [], start=1):
        if not isinstance(option, dict) or not option.get("label") or not option.get("next"):
            raise FlowError(f"{where}: option {number} needs 'label' and 'next'")
        options.append(OptionDef(label=str(option["label"]), next=str(option["next"])))
    routes = []
    for number, route in enumerate(raw.get("routes") or [], start=1):
        words = route.get("match") if isinstance(route, dict) else None
        if not words or not route.get("next"):
            raise FlowError(f"{where}: route {number} needs 'match' (a list) and 'next'")
        routes.append(RouteDef(match=tuple(str(w).casefold() for w in words),
                               next=str(route["next"])))
    input_def = None
    if raw.get("input") is not None:
        spec = raw["input"]
        if not isinstance(spec, dict) or not spec.get("save_as") or not spec.get("next"):
            raise FlowError(f"{where}: 'input' needs 'save_as' and 'next'")
        input_def = InputDef(save_as=str(spec["save_as"]), next=str(spec["next"]))
    step_action, hold = raw.get("action"), raw.get("hold")
    for key, name in (("action", step_action), ("hold", hold)):
        if name is not None and name not in actions:
            raise FlowError(f"{where}: unknown {key} {name!r} "
                            f"(known: {', '.join(sorted(actions)) or 'none'})")
    return StepDef(id=step_id, text=text, options=tuple(options), routes=tuple(routes),
                   input=input_def, note=raw.get("note"), action=step_action,
                   employer=bool(raw.get("employer")), hold=hold)


def _check_targets(flow: FlowDef, flows: dict[str, FlowDef]) -> None:
    for step in flow.steps.values():
        targets = [("option", i, o.next) for i, o in enumerate(step.options, 1)]
        targets += [("route", i, r.next) for i, r in enumerate(step.routes, 1)]
        if step.input:
            targets.append(("input", 1, step.input.next))
        for kind, number, target in targets:
            if resolve_target(flow, flows, target) is None:
                raise FlowError(
                    f"{flow.source}: step '{step.id}': {kind} {number} goes to unknown "
                    f"step '{target}'"
                )


def resolve_target(
    flow: FlowDef, flows: dict[str, FlowDef], target: str
) -> tuple[str, str] | str | None:
    """(flow id, step id) for a step, the action name for `@...`, None when unknown."""
    if target.startswith("@"):
        if target.startswith("@country:"):
            return target if target.partition(":")[2] in COUNTRIES else None
        return target if target in TARGET_ACTIONS else None
    if ":" in target:
        flow_id, _, step_id = target.partition(":")
        other = flows.get(flow_id)
        if other is None:
            return None
        step_id = step_id or other.start
        return (flow_id, step_id) if step_id in other.steps else None
    return (flow.id, target) if target in flow.steps else None
