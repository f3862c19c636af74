"""The conversation engine: one message in, translated replies out, state in the database.

It serves SMS and Telegram alike: numbers typed in any script and Telegram button tokens
choose the same options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from bot.conversation.flows import FlowDef, StepDef, load_flows, resolve_target
from bot.conversation.keywords import Keywords
from bot.conversation.reply import Option, Reply
from bot.models import Contact, ConversationState, utcnow
from bot.text import N_, Catalogs
from bot.text.digits import parse_choice
from bot.text.languages import Languages
from bot.text.normalize import normalize_words
from bot.text.scripts import detect_language

LANGUAGE_FLOW = "_language"  # the built-in language menu, not a YAML flow
LANGUAGE_MENU_EXPIRY = timedelta(hours=1)

CHOOSE_LANGUAGE = N_("Choose your language:")
NOT_UNDERSTOOD = N_("Sorry, I did not understand. Reply with a number:")
MENU_EXPIRED = N_("That menu is old. Here is the menu:")
STOPPED = N_("You will get no more messages from us. Send START to begin again.")
WELCOME_BACK = N_("Welcome back.")


@dataclass
class Conversation:
    """What the engine works on for one message: the contact and its state row."""

    contact: Contact
    state: ConversationState
    now: datetime

    @property
    def active(self) -> bool:
        return self.state.expires_at is not None and self.state.expires_at > self.now


class Engine:
    def __init__(
        self,
        flows: dict[str, FlowDef],
        keywords: Keywords,
        languages: Languages,
        catalogs: Catalogs,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.flows = flows
        self.keywords = keywords
        self.languages = languages
        self.catalogs = catalogs
        self.clock = clock

    @classmethod
    def from_directory(cls, flows_dir: str | Path, catalogs: Catalogs) -> Engine:
        directory = Path(flows_dir)
        return cls(
            flows=load_flows(directory),
            keywords=Keywords.load(directory / "keywords.yaml"),
            languages=Languages.load(directory / "languages.yaml"),
            catalogs=catalogs,
        )

    # -- entry point -------------------------------------------------------------------

    def handle(
        self, session: Session, contact: Contact, text: str, callback: str | None = None
    ) -> list[Reply]:
        state = session.get(ConversationState, contact.id)
        if state is None:
            state = ConversationState(contact_id=contact.id, flow="main", step="menu",
                                      variables={}, menu_id=0, expires_at=None)
            session.add(state)
        convo = Conversation(contact=contact, state=state, now=self.clock())
        text = (text or "").strip()
        action = None if callback else self.keywords.match(text)

        if contact.opted_out:
            if action != "start":
                return []  # a person who sent STOP hears nothing until START
            contact.opted_out = False
            return [self._prefixed(convo, WELCOME_BACK, self._home(convo))]
        if action:
            return [self._keyword(convo, action, text)]
        if callback:
            return [self._callback(convo, callback)]
        return [self._message(convo, text)]

    # -- the kinds of input ------------------------------------------------------------

    def _keyword(self, convo: Conversation, action: str, text: str) -> Reply:
        if action == "stop":
            convo.contact.opted_out = True
            convo.state.expires_at = None
            return Reply(text=self._t(convo, STOPPED), locale=self._locale(convo))
        if action == "language" or (action == "start" and (
                convo.contact.locale is None or text.startswith("/"))):
            return self._language_menu(convo)
        if convo.contact.locale is None:
            return self._language_menu(convo)
        if action == "help":
            return self._show(convo, self.flows["main"], "about")
        return self._home(convo)  # menu, or START when already talking

    def _callback(self, convo: Conversation, token: str) -> Reply:
        kind, _, rest = token.partition(":")
        if kind == "lang" and rest in self.languages.codes:
            return self._set_language(convo, rest)
        if kind == "o" and convo.active:
            menu_id, _, number = rest.partition(":")
            if menu_id == str(convo.state.menu_id) and number.isdigit():
                reply = self._choose(convo, int(number))
                if reply is not None:
                    return reply
        if convo.contact.locale is None:
            return self._language_menu(convo)
        return self._prefixed(convo, MENU_EXPIRED, self._home(convo))

    def _message(self, convo: Conversation, text: str) -> Reply:
        contact = convo.contact
        if convo.active and convo.state.flow == LANGUAGE_FLOW:
            chosen = self._language_answer(text)
            if chosen:
                return self._set_language(convo, chosen)
        if contact.locale is None:
            detected = detect_language(text)
            if detected in self.languages.codes:
                contact.locale = detected
                return self._home(convo)
            return self._language_menu(convo)
        if not convo.active or convo.state.flow == LANGUAGE_FLOW:
            return self._route(convo, self.flows["main"], self.flows["main"].start, text) \
                or self._home(convo)
        flow = self.flows.get(convo.state.flow)
        if flow is None or convo.state.step not in flow.steps:
            return self._home(convo)  # the flow changed under a live conversation
        step = flow.steps[convo.state.step]
        choice = parse_choice(text)
        if choice is not None:
            reply = self._choose(convo, choice)
            if reply is not None:
                return reply
        elif (routed := self._route(convo, flow, step.id, text)) is not None:
            return routed
        elif step.input is not None and text:
            convo.state.variables = {**convo.state.variables, step.input.save_as: text[:500]}
            return self._go(convo, flow, step.input.next)
        return self._not_understood(convo, flow, step)

    # -- moving between steps ------------------------------------------------------------

    def _choose(self, convo: Conversation, number: int) -> Reply | None:
        state = convo.state
        if state.flow == LANGUAGE_FLOW:
            if 1 <= number <= len(self.languages.all):
                return self._set_language(convo, self.languages.all[number - 1].code)
            return None
        flow = self.flows.get(state.flow)
        step = flow.steps.get(state.step) if flow else None
        if step is None or not 1 <= number <= len(step.options):
            return None
        return self._go(convo, flow, step.options[number - 1].next)

    def _route(self, convo: Conversation, flow: FlowDef, step_id: str, text: str) -> Reply | None:
        words = normalize_words(text)
        if not words:
            return None
        for route in flow.steps[step_id].routes:
            if any(term in words for term in route.match):
                return self._go(convo, flow, route.next)
        return None

    def _go(self, convo: Conversation, flow: FlowDef, target: str) -> Reply:
        resolved = resolve_target(flow, self.flows, target)
        if resolved == "@language":
            return self._language_menu(convo)
        if resolved == "@menu" or resolved is None:
            return self._home(convo)
        flow_id, step_id = resolved
        return self._show(convo, self.flows[flow_id], step_id)

    def _home(self, convo: Conversation) -> Reply:
        main = self.flows["main"]
        return self._show(convo, main, main.start)

    def _show(self, convo: Conversation, flow: FlowDef, step_id: str) -> Reply:
        step = flow.steps[step_id]
        self._enter(convo, flow.id, step_id, flow.expiry)
        return Reply(text=self._t(convo, step.text), locale=self._locale(convo),
                     options=self._options(convo, step))

    def _not_understood(self, convo: Conversation, flow: FlowDef, step: StepDef) -> Reply:
        if not step.options:
            return self._prefixed(convo, NOT_UNDERSTOOD, self._home(convo))
        self._enter(convo, flow.id, step.id, flow.expiry)
        return Reply(text=self._t(convo, NOT_UNDERSTOOD), locale=self._locale(convo),
                     options=self._options(convo, step))

    def _enter(self, convo: Conversation, flow_id: str, step_id: str, expiry: timedelta) -> None:
        state = convo.state
        state.flow, state.step = flow_id, step_id
        state.menu_id = (state.menu_id or 0) + 1
        state.expires_at = convo.now + expiry

    def _options(self, convo: Conversation, step: StepDef) -> list[Option]:
        menu_id = convo.state.menu_id
        return [Option(number=n, label=self._t(convo, option.label), token=f"o:{menu_id}:{n}")
                for n, option in enumerate(step.options, start=1)]

    # -- languages -----------------------------------------------------------------------

    def _language_menu(self, convo: Conversation) -> Reply:
        self._enter(convo, LANGUAGE_FLOW, "choose", LANGUAGE_MENU_EXPIRY)
        options = [Option(number=n, label=language.menu_label, token=f"lang:{language.code}")
                   for n, language in enumerate(self.languages.all, start=1)]
        return Reply(text=self._t(convo, CHOOSE_LANGUAGE), locale=self._locale(convo),
                     options=options)

    def _language_answer(self, text: str) -> str | None:
        choice = parse_choice(text)
        if choice is not None and 1 <= choice <= len(self.languages.all):
            return self.languages.all[choice - 1].code
        return self.languages.by_name(text)

    def _set_language(self, convo: Conversation, code: str) -> Reply:
        convo.contact.locale = code
        return self._home(convo)

    # -- text ----------------------------------------------------------------------------

    def _locale(self, convo: Conversation) -> str:
        return convo.contact.locale or "en"

    def _t(self, convo: Conversation, message: str) -> str:
        return self.catalogs.gettext(self._locale(convo), message)

    def _prefixed(self, convo: Conversation, message: str, reply: Reply) -> Reply:
        reply.text = f"{self._t(convo, message)}\n{reply.text}"
        return reply
