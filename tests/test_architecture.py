"""The shape of the code, checked: the core stays pure, the commands are in `bot/cli/`,
and no `bot/` modules import each other in a circle.

The core (the conversation, the facts, the texts and the alert domain) must not need the
web framework, the command line or a provider's library, so it can be read, tested and
reused without them. Everything Flask, click, Twilio or Telegram lives on the edges:
`bot/cli/` (commands), `bot/channels/` (providers), the app factory and the web modules.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("bot.conversation", "bot.facts", "bot.text", "bot.alerts")
FORBIDDEN = ("flask", "click", "twilio", "telegram", "werkzeug")

# Runs in a fresh interpreter: imports every core module and reports each forbidden
# package loaded, with the chain of modules that were being imported when it was first
# asked for (read from the `<module>` frames on the stack at that moment), up to the last
# `bot` module in it: the one whose import line pulled the package in.
_PROBE = """
import importlib, json, pkgutil, sys

CORE, FORBIDDEN = json.loads(sys.argv[1])
culprits = {}


class Spy:
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in FORBIDDEN and top not in culprits:
            chain, frame = [], sys._getframe(1)
            while frame is not None:
                if frame.f_code.co_name == "<module>":
                    chain.append(frame.f_globals.get("__name__"))
                frame = frame.f_back
            chain = [m for m in reversed(chain) if m != "__main__"]
            ours = [m for m in chain if m == "bot" or m.startswith("bot.")]
            culprits[top] = chain[: chain.index(ours[-1]) + 1] if ours else chain
        return None


sys.meta_path.insert(0, Spy())
for package in CORE:
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
loaded = sorted({name.partition(".")[0] for name in sys.modules} & set(FORBIDDEN))
print(json.dumps({name: culprits.get(name, []) for name in loaded}))
"""


def test_the_core_imports_no_web_cli_or_provider_library():
    result = subprocess.run([sys.executable, "-c", _PROBE, json.dumps([CORE, FORBIDDEN])],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {}, "the core loads " + "; ".join(
        f"{name} (via {' -> '.join(chain) or 'an unknown module'})"
        for name, chain in loaded.items())


def test_commands_live_in_bot_cli():
    """Every `flask` command is in `bot/cli/`: no other module imports click or flask.cli,
    at any level (the code a command drives raises its own exceptions)."""
    offenders = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if (ROOT / "bot" / "cli") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "click" or n.startswith("click.") or n == "flask.cli" for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "click outside bot/cli/: " + ", ".join(offenders)


# --- no circular imports among bot/ modules ------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: at the top level and in its top-level
    if/try/with blocks, but not in functions, classes or `if TYPE_CHECKING:`."""
    found, pending = [], list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            pending += node.orelse if _is_type_checking(node.test) else node.body + node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody
            pending += [n for handler in node.handlers for n in handler.body]
        elif isinstance(node, ast.With):
            pending += node.body
    return found


def _import_graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in sorted((ROOT / "bot").rglob("*.py"))}
    packages = {name for name, path in files.items() if path.name == "__init__.py"}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in files.items():
        graph[name]
        package = name if name in packages else name.rpartition(".")[0]
        for node in _module_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:  # relative: from .x import y
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                           for alias in node.names]
            graph[name] |= {target for target in targets if target in files}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, and self-imports (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_is_read_correctly():
    graph = _import_graph()
    assert "bot.models" in graph["bot.models.alerts"] or "bot.db" in graph["bot.models.alerts"]
    assert "bot.text.normalize" in graph["bot.conversation.danger"]  # from bot.text.normalize
    assert "bot.text.zawgyi" in graph["bot.conversation.danger"]  # from bot.text import zawgyi
    assert "bot.text.digits" not in graph["bot.text.normalize"]


def test_no_circular_imports_among_bot_modules():
    cycles = _cycles(_import_graph())
    assert cycles == [], "circular imports: " + "; ".join(" <-> ".join(c) for c in cycles)
