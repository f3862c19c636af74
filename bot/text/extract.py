"""Babel extractor for flow and data files: every step `text`, option `label` and hotline
`what` is a message, with the step's `note` as a comment for translators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import yaml

TEXT_KEYS = ("text", "label", "what")
# The folders messages are extracted from (babel.cfg's patterns apply inside each): the code,
# the flows, and the data the flows read (hotline names in facts/ are shown to people).
SOURCE_DIRS = ("bot", "flows", "facts", "words", "settings")


def extract_flows(fileobj: IO[bytes], keywords, comment_tags, options) -> Iterator[tuple]:  # noqa: ANN001
    """Babel extraction-method signature: yields (lineno, funcname, message, comments)."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    yield from _walk(root)


def _walk(node: yaml.Node, note: str | None = None) -> Iterator[tuple]:
    if isinstance(node, yaml.MappingNode):
        pairs = {key.value: value for key, value in node.value
                 if isinstance(key, yaml.ScalarNode)}
        note_node = pairs.get("note")
        step_note = note_node.value if isinstance(note_node, yaml.ScalarNode) else None
        for key, value in node.value:
            if (isinstance(key, yaml.ScalarNode) and key.value in TEXT_KEYS
                    and isinstance(value, yaml.ScalarNode)):
                comments = [step_note] if (key.value == "text" and step_note) else []
                yield value.start_mark.line + 1, None, value.value, comments
            else:
                yield from _walk(value, note)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, note)
