"""`flask --app app chat [--channel sms|telegram] [--from PHONE]`: talk to the bot in a
terminal, as the simulator does in a browser.

Type a message and press Enter. On Telegram (a channel with buttons), `!N` presses button N
of the last message. Ctrl-D or `!quit` ends the chat. Messages go to a simulator contact,
never to a phone.
"""

from __future__ import annotations

from functools import partial

import click
from flask import current_app
from flask.cli import with_appcontext

from bot import migrate
from bot.channels import registry
from bot.inbound import InboundMessage, receive
from bot.services import services
from bot.sessions import new_session


@click.command("chat")
@click.option("--channel", type=click.Choice(registry.names()),
              default=registry.for_phone_numbers().name, show_default=True)
@click.option("--from", "sender", default="+66800000000", show_default=True,
              help="The simulated phone number or chat id.")
@with_appcontext
def chat_command(channel: str, sender: str) -> None:
    """Talk to the bot in the terminal."""
    svc = services()
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy
    migrate.upgrade(app)  # a terminal chat on a fresh checkout needs its tables
    buttons: list[dict] = []
    counter = 0
    click.echo(f"chatting as {channel} user {sender}; !quit to end")
    while True:
        try:
            line = input("you> ")
        except EOFError:
            break
        if line.strip() == "!quit":
            break
        callback = None
        if registry.get(channel).buttons and line.startswith("!") and line[1:].isdigit():
            index = int(line[1:]) - 1
            if not 0 <= index < len(buttons):
                click.echo("  (no such button)")
                continue
            callback = buttons[index]["callback_data"]
        counter += 1
        inbound = InboundMessage(channel=channel, address=f"sim:{sender}", text=line,
                                 external_id=f"cli-{id(app)}-{counter}", callback=callback)
        with new_session(app) as session:
            outcome = receive(session, svc.cipher, inbound,
                              render=partial(registry.render, channel,
                                             max_segments=svc.max_segments),
                              reply_status="simulated", handlers=svc.handlers)
            svc.outbox.deliver(session, outcome.deliver_now)
            buttons = []
            for message in outcome.replies:
                click.echo(_format(message.body or "", "bot> "))
                if message.segments:
                    click.echo(f"      [{message.encoding}, {message.segments} segment(s)]")
                for row in message.buttons or []:
                    for button in row:
                        buttons.append(button)
                        click.echo(f"      [!{len(buttons)}] {button['text']}")


def _format(text: str, prompt: str) -> str:
    pad = " " * len(prompt)
    return prompt + text.replace("\n", "\n" + pad)
