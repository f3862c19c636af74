"""Masking of phone numbers and chat ids wherever they could reach a log line (SAFETY 13)."""

from __future__ import annotations

import logging
import re

MASK = "•••••"
# In an SMS: the bullet is not in the GSM-7 alphabet and would make the message UCS-2, more
# than doubling its cost (FACTS.md §3); asterisks are.
SMS_MASK = "*****"
# A + and 7 or more digits (separators allowed), or 7 or more digits in a row, is treated
# as a phone number or chat id. Dates and times (at most 4 digits in a row) are left alone.
_NUMBER_RE = re.compile(r"\+\d[\d\s\-().]{5,}\d|(?<!\d)\d{7,}(?!\d)")


def mask_address(address: str, mask: str = MASK) -> str:
    """`+85512000123` → `+855•••••0123`; a chat id `123456789` → `•••••6789`."""
    text = str(address)
    if text.startswith("sim:"):
        return "sim:" + mask_address(text[4:], mask)
    digits = re.sub(r"\D", "", text)
    if len(digits) < 6:
        return mask
    tail = digits[-4:]
    if text.startswith("+"):
        return "+" + digits[:3] + mask + tail
    return mask + tail


def mask_numbers(text: str) -> str:
    """Mask every number-like run of six or more digits in free text."""

    def _mask(match: re.Match) -> str:
        return mask_address(match.group(0))

    return _NUMBER_RE.sub(_mask, text)


class MaskingFilter(logging.Filter):
    """A last line of defence: rewrites any record whose message holds a long number."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers(message)
        if masked != message:
            record.msg = masked
            record.args = None
        if record.exc_info:
            # Tracebacks quote SQL parameters and request data: mask them too.
            record.exc_text = mask_numbers(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def install_masking() -> None:
    """Attach the filter to every handler of the root logger (and future basicConfig ones)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    for handler in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
    # httpx logs every request URL, and the Bot API's carries the bot token; twilio's
    # client logs each request's headers. Neither belongs in the logs at INFO.
    # Alembic's INFO lines (plugins, "Context impl") on every command say nothing useful:
    # `flask db upgrade` prints its own result.
    for name in ("httpx", "httpcore", "twilio.http_client", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)
