"""The conversation engine: one message in, translated replies out, state in the database.

It serves SMS and Telegram alike: numbers typed in any script and Telegram button tokens
choose the same options; free text is matched to a question (intents) in any language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot import buttons
from bot.conversation.actions import ACTIONS, ActionContext, ActionResult
from bot.conversation.danger import DangerDetector
from bot.conversation.flows import FlowDef, OptionDef, StepDef, resolve_target
from bot.conversation.greetings import Greetings
from bot.conversation.intents import IntentClassifier
from bot.conversation.keywords import Keywords
from bot.conversation.reply import Option, Reply
from bot.conversation.state import Conversation
from bot.models import Contact, ConversationState, utcnow
from bot.text import N_, Catalogs
from bot.text.digits import parse_choice
from bot.text.languages import Languages
from bot.text.normalize import normalize_words
from bot.text.scripts import detect_language, letters_language, script_of

if TYPE_CHECKING:  # the facts and settings the flows' actions read
    from bot.actions import ActionServices

LANGUAGE_FLOW = "_language"  # the built-in language menu, not a YAML flow
PENDING = "pending"  # a first message that came before the language was chosen
LANGUAGE_MENU_EXPIRY = timedelta(hours=1)
EMPLOYER_LOCALE = "th"
DANGER_STEP = "help:danger"
MAX_REDIRECTS = 4
# A short message that matches nothing is a greeting, not an unanswered question.
SHORT_MESSAGE = 12
SURE_SCORE = 0.3

CHOOSE_LANGUAGE = N_("Choose your language:")
NOT_UNDERSTOOD = N_("Sorry, I did not understand.")
PICK_NUMBER = N_("Reply with a number:")
MENU = N_("Menu")
SWITCHED = N_("I will answer in {language} now. To choose another language, send LANGUAGE.")
MENU_EXPIRED = N_("That menu is old. Here is the menu:")
STOPPED = N_("You will get no more messages from us. Send START to begin again.")
WELCOME_BACK = N_("Welcome back.")
SHOW_EMPLOYER = N_("Show this to your employer:")


class Engine:
    def __init__(self, flows: dict[str, FlowDef], keywords: Keywords, languages: Languages,
                 catalogs: Catalogs, intents: IntentClassifier,
                 action_services: ActionServices,
                 danger: DangerDetector | None = None,
                 clock: Callable[[], datetime] = utcnow,
                 greetings: Greetings | None = None):
        self.flows, self.keywords, self.languages = flows, keywords, languages
        self.catalogs, self.intents, self.action_services = catalogs, intents, action_services
        self.danger, self.clock, self.greetings = danger, clock, greetings

    # -- entry point -------------------------------------------------------------------

    def handle(self, session: Session, contact: Contact, text: str,
               callback: str | None = None) -> list[Reply]:
        state = session.get(ConversationState, contact.id)
        if state is None:
            state = ConversationState(contact_id=contact.id, flow="main", step="menu",
                                      variables={}, menu_id=0, expires_at=None)
            session.add(state)
        convo = Conversation(session=session, contact=contact, state=state, now=self.clock())
        text = (text or "").strip()
        switched = None if callback or contact.opted_out else self._switch_script(convo, text)
        reply = self._answer(convo, text, callback)
        if switched and reply:
            language = next(lang for lang in self.languages.all if lang.code == switched)
            self._prefixed(convo, SWITCHED, reply[0], language=language.native)
        return reply

    def _answer(self, convo: Conversation, text: str, callback: str | None) -> list[Reply]:
        contact = convo.contact
        action = None if callback else self.keywords.match(text)
        if not callback and not action and self._in_danger(convo, text):
            # Before any question, and even after STOP: the person wrote to us (SAFETY 6).
            return [self._go(convo, self.flows["main"], DANGER_STEP)]
        if contact.opted_out:
            if action != "start":
                return []  # a person who sent STOP hears nothing until START
            contact.opted_out = False
            return [self._prefixed(convo, WELCOME_BACK, self._home(convo))]
        if action:
            return [self._keyword(convo, action, text)]
        if callback:
            return [self._callback(convo, callback)]
        held = self._held(convo, text)
        if held is not None:
            return held
        greeting = self.greetings.language_of(text) if self.greetings else None
        if greeting:
            return [self._greeting(convo, greeting)]
        return [self._message(convo, text)]

    # -- the kinds of input ------------------------------------------------------------

    def _switch_script(self, convo: Conversation, text: str) -> str | None:
        """Someone who writes in another script than their language's (a Khmer user
        writing Lao) is answered in the language of what they wrote, and told so."""
        locale = convo.contact.locale
        written = letters_language(text)
        if locale is None or written is None or written not in self.languages.codes \
                or script_of(written) == script_of(locale):
            return None
        convo.contact.locale = written
        return written

    def _greeting(self, convo: Conversation, language: str) -> Reply:
        """Hello gets the menu: in the greeting's language for someone new (English
        letters say nothing of a person's language: they get the language menu)."""
        if convo.contact.locale is None:
            if language == "en" or language not in self.languages.codes:
                return self._language_menu(convo)
            convo.contact.locale = language
        return self._home(convo)

    def _in_danger(self, convo: Conversation, text: str) -> bool:
        signal = self.danger.detect(text) if self.danger else None
        if signal is None:
            return False
        if convo.contact.locale is None:  # answer in the language they wrote in
            written = detect_language(text) or signal.language
            convo.contact.locale = written if written in self.languages.codes else "en"
        convo.text = text
        return True

    def _keyword(self, convo: Conversation, action: str, text: str) -> Reply:
        if action == "stop":
            convo.contact.opted_out = True
            convo.state.expires_at = None
            return Reply(text=self._t(convo, STOPPED), locale=convo.locale)
        if action == "language" or convo.contact.locale is None or (
                action == "start" and text.startswith("/")):
            return self._language_menu(convo)
        if action == "help":
            return self._go(convo, self.flows["main"], "help:numbers")
        if action == "employer":
            return self._employer(convo)
        return self._home(convo)  # menu, or START when already talking

    def _callback(self, convo: Conversation, token: str) -> Reply:
        press = buttons.parse(token)
        if isinstance(press, buttons.LanguagePress) and press.code in self.languages.codes:
            return self._set_language(convo, press.code)
        if isinstance(press, buttons.MenuPress) and convo.contact.locale is not None:
            return self._home(convo)
        # Only the menu last shown counts: a button of an older one would choose blindly.
        if isinstance(press, buttons.OptionPress) and convo.active \
                and press.menu_id == convo.state.menu_id:
            reply = self._choose(convo, press.number)
            if reply is not None:
                return reply
        if convo.contact.locale is None:
            return self._language_menu(convo)
        return self._prefixed(convo, MENU_EXPIRED, self._home(convo))

    def _message(self, convo: Conversation, text: str) -> Reply:
        contact, state = convo.contact, convo.state
        convo.text = text
        if convo.active and state.flow == LANGUAGE_FLOW:
            chosen = self._language_answer(text)
            if chosen:
                return self._set_language(convo, chosen)
        if contact.locale is None:
            detected = detect_language(text)
            if detected not in self.languages.codes:
                # Latin letters could be anyone's: ask the language, and keep the question
                # to answer once it is chosen.
                reply = self._language_menu(convo)
                if text and parse_choice(text) is None:
                    state.variables = {**state.variables, PENDING: text[:500]}
                return reply
            contact.locale = detected
            return self._free_text(convo, text, first=True)
        step = self._current_step(convo)
        if step is None:
            return self._free_text(convo, text, first=True)
        flow = self.flows[state.flow]
        if step.input is not None and text:
            state.variables = {**state.variables, step.input.save_as: text[:500]}
            return self._go(convo, flow, step.input.next)
        choice = parse_choice(text)
        if choice is not None:
            return self._choose(convo, choice) or self._not_understood(convo, flow, step)
        routed = self._route(convo, flow, step, text)
        return routed or self._free_text(convo, text, first=False, step=step)

    def _held(self, convo: Conversation, text: str) -> list[Reply] | None:
        """Free text at a step that holds it (`hold:`, talking to a person) goes to the
        step's action, not to the classifier, however long ago the step was shown; a
        number still chooses one of the step's options while they are fresh. The action
        answers (often with nothing) or returns None to give the text back."""
        state = convo.state
        flow = self.flows.get(state.flow)
        step = flow.steps.get(state.step) if flow else None
        if flow is None or step is None or step.hold is None or not text \
                or convo.contact.locale is None:
            return None
        if convo.active and parse_choice(text) is not None:
            return None
        convo.text = text
        result = self._call(convo, step.hold, convo.locale)
        convo.text = ""
        if result is None:
            return None
        state.expires_at = convo.now + flow.expiry  # the step's options stay usable
        if not result.lines:
            return []
        return [Reply(text="\n".join(result.lines), locale=convo.locale,
                      menu=self._t(convo, MENU))]

    def _current_step(self, convo: Conversation) -> StepDef | None:
        if not convo.active or convo.state.flow == LANGUAGE_FLOW:
            return None
        flow = self.flows.get(convo.state.flow)
        return flow.steps.get(convo.state.step) if flow else None

    def _free_text(self, convo: Conversation, text: str, first: bool,
                   step: StepDef | None = None) -> Reply:
        """A question in words: its answer, else the menu (greetings) or a short menu."""
        match = self.intents.classify(text) if text else None
        if match is not None and len(text) < SHORT_MESSAGE and match.score < SURE_SCORE:
            match = None  # "ok", "chào bạn": too short to be sure it is a question
        main = self.flows["main"]
        if match is not None:
            return self._go(convo, main, self.intents.intents[match.intent].next)
        if step is not None and step.options and len(text) < SHORT_MESSAGE:
            return self._not_understood(convo, self.flows[convo.state.flow], step)
        if first and len(text) < SHORT_MESSAGE:
            return self._home(convo)
        return self._show(convo, main, "not_matched")

    # -- moving between steps ------------------------------------------------------------

    def _choose(self, convo: Conversation, number: int) -> Reply | None:
        state = convo.state
        convo.text = ""
        if state.flow == LANGUAGE_FLOW:
            if 1 <= number <= len(self.languages.all):
                return self._set_language(convo, self.languages.all[number - 1].code)
            return None
        flow = self.flows.get(state.flow)
        options = self._current_options(convo)
        if flow is None or not 1 <= number <= len(options):
            return None
        return self._go(convo, flow, options[number - 1].next)

    def _route(self, convo: Conversation, flow: FlowDef, step: StepDef, text: str
               ) -> Reply | None:
        words = normalize_words(text)
        for route in step.routes:
            if words and any(term in words for term in route.match):
                return self._go(convo, flow, route.next)
        return None

    def _go(self, convo: Conversation, flow: FlowDef, target: str, depth: int = 0) -> Reply:
        resolved = resolve_target(flow, self.flows, target)
        if resolved == "@language":
            return self._language_menu(convo)
        if resolved == "@employer":
            return self._employer(convo)
        if isinstance(resolved, str) and resolved.startswith("@country:"):
            convo.contact.country = resolved.partition(":")[2]
            return self._go(convo, self.flows["help"], "numbers", depth + 1)
        if resolved == "@menu" or not isinstance(resolved, tuple):
            return self._home(convo)  # None: a target the flow checks let through
        flow_id, step_id = resolved
        return self._show(convo, self.flows[flow_id], step_id, depth)

    def _home(self, convo: Conversation) -> Reply:
        main = self.flows["main"]
        return self._show(convo, main, main.start)

    def _show(self, convo: Conversation, flow: FlowDef, step_id: str, depth: int = 0) -> Reply:
        step = flow.steps[step_id]
        lines, options = [self._t(convo, step.text)], list(step.options)
        if step.action:
            result = self._run_action(convo, step, convo.locale)
            if result.redirect and depth < MAX_REDIRECTS:
                if result.lines:  # say why before going on, e.g. "I could not read that"
                    return self._prefixed_lines(convo, result.lines,
                                                self._go(convo, flow, result.redirect, depth + 1))
                return self._go(convo, flow, result.redirect, depth + 1)
            lines += result.lines
            if result.options is not None:
                options = result.options
        self._enter(convo, flow.id, step_id, flow.expiry, options)
        if step.employer:
            convo.state.variables = {**convo.state.variables,
                                     "employer": [flow.id, step_id, convo.text]}
        convo.text = ""
        main = self.flows["main"]
        at_home = (flow.id, step_id) == (main.id, main.start)
        return Reply(text="\n".join(lines), locale=convo.locale,
                     options=self._numbered(convo, options), numbered=step.input is None,
                     prompt=self._t(convo, PICK_NUMBER) if at_home else None,
                     menu=None if at_home else self._menu_label(convo, flow, options))

    def _run_action(self, convo: Conversation, step: StepDef, locale: str) -> ActionResult:
        return self._call(convo, step.action or "", locale) or ActionResult()

    def _call(self, convo: Conversation, name: str, locale: str) -> ActionResult | None:
        variables = dict(convo.state.variables)
        context = ActionContext(
            session=convo.session, contact=convo.contact, variables=variables,
            text=convo.text, locale=locale, now=convo.now,
            today=convo.now.replace(tzinfo=UTC).astimezone(
                self.action_services.timezone).date(),
            translate=self.catalogs.gettext, services=self.action_services)
        result = ACTIONS[name](context)
        convo.state.variables = variables
        return result

    def _current_options(self, convo: Conversation) -> list[OptionDef]:
        """The options last shown (a step's own, or those an action chose)."""
        saved = convo.state.variables.get("options") or []
        return [OptionDef(label=label, next=target) for label, target in saved]

    def _not_understood(self, convo: Conversation, flow: FlowDef, step: StepDef) -> Reply:
        options = self._current_options(convo)
        if not options:
            return self._prefixed(convo, NOT_UNDERSTOOD, self._home(convo))
        self._enter(convo, flow.id, step.id, flow.expiry, options)
        return Reply(text=self._t(convo, NOT_UNDERSTOOD), locale=convo.locale,
                     options=self._numbered(convo, options), prompt=self._t(convo, PICK_NUMBER),
                     menu=self._menu_label(convo, flow, options))

    def _enter(self, convo: Conversation, flow_id: str, step_id: str, expiry: timedelta,
               options: list[OptionDef]) -> None:
        state = convo.state
        state.flow, state.step = flow_id, step_id
        state.menu_id = (state.menu_id or 0) + 1
        state.expires_at = convo.now + expiry
        kept = {k: v for k, v in state.variables.items() if k != PENDING}
        state.variables = {**kept, "options": [[o.label, o.next] for o in options]}

    def _menu_label(self, convo: Conversation, flow: FlowDef,
                    options: list[OptionDef]) -> str | None:
        """"Menu", for a way back when none of the options leads home."""
        main = self.flows["main"]
        home = {"@menu", None, (main.id, main.start)}
        if not options or any(resolve_target(flow, self.flows, o.next) in home
                              for o in options):
            return None
        return self._t(convo, MENU)

    def _numbered(self, convo: Conversation, options: list[OptionDef]) -> list[Option]:
        menu_id = convo.state.menu_id
        return [Option(number=n, label=self._t(convo, option.label),
                       token=buttons.option(menu_id, n))
                for n, option in enumerate(options, start=1)]

    def _employer(self, convo: Conversation) -> Reply:
        """The last rights answer again, in Thai, to show an employer."""
        saved = convo.state.variables.get("employer")
        if not saved:
            return self._go(convo, self.flows["rights"], "menu")
        flow_id, step_id, text = saved
        step = self.flows[flow_id].steps[step_id]
        lines = [self.catalogs.gettext(EMPLOYER_LOCALE, step.text)]
        if step.action:
            convo.text = text
            lines += self._run_action(convo, step, EMPLOYER_LOCALE).lines
        heading = self._t(convo, SHOW_EMPLOYER)
        menu = [OptionDef(label=N_("Menu"), next="main:menu")]
        self._enter(convo, flow_id, step_id, self.flows[flow_id].expiry, menu)
        return Reply(text=heading + "\n\n" + "\n".join(lines), locale=convo.locale,
                     options=self._numbered(convo, menu))

    # -- languages -----------------------------------------------------------------------

    def _language_menu(self, convo: Conversation) -> Reply:
        self._enter(convo, LANGUAGE_FLOW, "choose", LANGUAGE_MENU_EXPIRY, [])
        options = [Option(number=n, label=language.menu_label,
                          token=buttons.language(language.code))
                   for n, language in enumerate(self.languages.all, start=1)]
        return Reply(text=self._t(convo, CHOOSE_LANGUAGE), locale=convo.locale,
                     options=options, menu=self._t(convo, MENU) if convo.contact.locale else None)

    def _language_answer(self, text: str) -> str | None:
        choice = parse_choice(text)
        if choice is not None and 1 <= choice <= len(self.languages.all):
            return self.languages.all[choice - 1].code
        return self.languages.by_name(text)

    def _set_language(self, convo: Conversation, code: str) -> Reply:
        convo.contact.locale = code
        pending = convo.state.variables.get(PENDING) \
            if convo.active and convo.state.flow == LANGUAGE_FLOW else None
        if pending:  # the first message, answered now that its language is known
            return self._free_text(convo, pending, first=True)
        return self._home(convo)

    # -- text ----------------------------------------------------------------------------

    def _t(self, convo: Conversation, message: str) -> str:
        return self.catalogs.gettext(convo.locale, message)

    def _prefixed(self, convo: Conversation, message: str, reply: Reply, **values) -> Reply:
        return self._prefixed_lines(convo, [self.catalogs.gettext(convo.locale, message,
                                                                  **values)], reply)

    def _prefixed_lines(self, convo: Conversation, lines: list[str], reply: Reply) -> Reply:
        reply.text = "\n".join([*lines, reply.text])
        return reply
