"""Every `flask --app app ...` command, one module per command group. The commands only
read options, call the code of their area (which knows nothing of click) and turn its
errors into click's; `create_app` adds them all with `init_app`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cli import chat, db, facts, i18n, peers, people, report, scheduler, staff, telegram

if TYPE_CHECKING:
    from flask import Flask

COMMANDS = (db.db_cli, scheduler.scheduler_command, chat.chat_command, telegram.telegram_cli,
            i18n.i18n_cli, facts.facts_cli, peers.peers_cli, report.report_cli,
            people.people_cli, staff.staff_cli)


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
