"""python-telegram-bot's async Bot, driven from synchronous Flask code.

Under gunicorn's sync workers a request has no running event loop, so each process keeps
one long-lived loop in a daemon thread and runs the bot's coroutines on it. The loop and
the bot are created on first use, after gunicorn has forked the worker.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine
from typing import Any

from telegram import Bot
from telegram.request import HTTPXRequest

CALL_TIMEOUT = 30.0


class TelegramRuntime:
    def __init__(self, token: str, base_url: str):
        self.token = token
        self.base_url = base_url
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._bot: Bot | None = None
        self._pid: int | None = None

    def run(self, make_call: Any) -> Any:
        """Run `make_call(bot)` (a coroutine) on the process's loop and wait for its result."""
        bot, loop = self._ensure_started()
        future = asyncio.run_coroutine_threadsafe(make_call(bot), loop)
        return future.result(CALL_TIMEOUT)

    def _ensure_started(self) -> tuple[Bot, asyncio.AbstractEventLoop]:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                # A forked worker inherits no running thread: start its own loop.
                self._loop, self._bot, self._pid = asyncio.new_event_loop(), None, os.getpid()
                threading.Thread(target=self._loop.run_forever, name="telegram-loop",
                                 daemon=True).start()
            if self._bot is None:
                request = HTTPXRequest(connection_pool_size=8, connect_timeout=10,
                                       read_timeout=20)
                bot = Bot(self.token, base_url=self.base_url, request=request)
                _wait(self._loop, bot.initialize())  # getMe; raises if Telegram is down
                self._bot = bot
            return self._bot, self._loop


def _wait(loop: asyncio.AbstractEventLoop, coroutine: Coroutine) -> Any:
    return asyncio.run_coroutine_threadsafe(coroutine, loop).result(CALL_TIMEOUT)
