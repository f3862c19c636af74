"""How a Reply looks on each channel: SMS pages with a numbered list, or Telegram buttons."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot import buttons as button_data
from bot.conversation.reply import Reply
from bot.sms.encoding import sms_info
from bot.sms.pager import split_pages


@dataclass(frozen=True)
class RenderedMessage:
    """One message as it will leave: body, buttons (rows of {"text", "callback_data"}, as
    stored in `messages.buttons`), and for SMS its cost."""

    body: str
    buttons: list[list[dict]] | None = None
    encoding: str | None = None
    segments: int | None = None


def render_sms(reply: Reply, max_segments: int) -> list[RenderedMessage]:
    """Numbered lines (people type the number), paged within `max_segments` segments."""
    lines = [reply.text]
    if reply.numbered and reply.options:
        if reply.prompt:  # on the heading's line: "Safe work advice. Reply with a number:"
            lines[0] = f"{reply.text} {reply.prompt}"
        lines += [f"{option.number} {option.label}" for option in reply.options]
    rendered = []
    for page in split_pages("\n".join(lines), max_segments):
        info = sms_info(page)
        rendered.append(RenderedMessage(body=page, encoding=info.encoding,
                                        segments=info.segments))
    return rendered


def render_telegram(reply: Reply, max_segments: int | None = None) -> list[RenderedMessage]:
    """One message with a button per option. Telegram has no segments: `max_segments` is
    taken only so that every channel's renderer is called alike."""
    buttons = [[{"text": option.label, "callback_data": option.token}]
               for option in reply.options]
    if buttons and reply.menu:
        buttons.append([{"text": reply.menu, "callback_data": button_data.MENU}])
    body = unicodedata.normalize("NFC", reply.text)
    return [RenderedMessage(body=body, buttons=buttons or None)]
