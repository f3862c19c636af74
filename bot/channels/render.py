"""How a Reply looks on each channel: SMS pages with a numbered list, or Telegram buttons."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.channels.sms_segments import sms_info, split_pages
from bot.conversation.reply import MENU_BUTTON_DATA, Reply


@dataclass(frozen=True)
class RenderedMessage:
    """One message as it will leave: body, Telegram buttons, and SMS cost."""

    body: str
    buttons: list[list[dict]] | None = None
    encoding: str | None = None
    segments: int | None = None


def render_sms(reply: Reply, max_segments: int) -> list[RenderedMessage]:
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


def render_telegram(reply: Reply) -> list[RenderedMessage]:
    buttons = [[{"text": option.label, "callback_data": option.token}]
               for option in reply.options]
    if buttons and reply.menu:
        buttons.append([{"text": reply.menu, "callback_data": MENU_BUTTON_DATA}])
    body = unicodedata.normalize("NFC", reply.text)
    return [RenderedMessage(body=body, buttons=buttons or None)]


def render(channel: str, reply: Reply, max_segments: int) -> list[RenderedMessage]:
    if channel == "telegram":
        return render_telegram(reply)
    return render_sms(reply, max_segments)
