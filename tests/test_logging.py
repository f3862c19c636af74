"""Numbers are masked in logs (SAFETY 13): by our own log calls and by the filter."""

from __future__ import annotations

import io
import logging

from bot.logmask import MaskingFilter, mask_address, mask_numbers
from tests.helpers import CAMBODIAN_NUMBER, THAI_NUMBER


def test_mask_address_keeps_country_code_and_last_four():
    assert mask_address("+85512000123") == "+855•••••0123"
    assert mask_address("987654321") == "•••••4321"
    assert mask_address("sim:+66800000123") == "sim:+668•••••0123"
    assert mask_address("12") == "•••••"


def test_free_text_numbers_are_masked_but_short_ones_stay():
    text = (f"from {CAMBODIAN_NUMBER}, +66 800 000 123 and chat 987654321 at "
            "2026-11-23 18:03:06,979, menu 3, code 1506")
    masked = mask_numbers(text)
    assert CAMBODIAN_NUMBER not in masked and "800 000 123" not in masked
    assert "987654321" not in masked and "•••••4321" in masked
    assert "2026-11-23 18:03:06,979" in masked
    assert "menu 3" in masked and "1506" in masked


def test_filter_masks_messages_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test.masking")
    logger.addHandler(handler)
    try:
        logger.warning("contact %s wrote", THAI_NUMBER)
        try:
            raise ValueError(f"bad number {THAI_NUMBER}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert THAI_NUMBER not in output
    assert "+668•••••0123" in output and "ValueError" in output


def test_the_app_installs_the_filter_on_root_handlers(app):
    assert any(isinstance(f, MaskingFilter)
               for handler in logging.getLogger().handlers for f in handler.filters)


def test_the_bot_token_never_reaches_the_logs(app, send_update, caplog):
    import logging as stdlib_logging

    from tests.helpers import TELEGRAM_TOKEN, telegram_text

    caplog.set_level(stdlib_logging.DEBUG, logger="bot")
    send_update(telegram_text(31337, "/start"))
    assert TELEGRAM_TOKEN not in caplog.text
    assert stdlib_logging.getLogger("httpx").getEffectiveLevel() >= stdlib_logging.WARNING


def test_no_message_text_reaches_the_log_whatever_arrives(send_sms, send_update, caplog):
    """Odd input included (NUL, ², a 1,600-character body, a JOIN, a code, a danger
    message, a malformed update): the words people write never appear in a log line."""
    from tests.helpers import telegram_text

    caplog.set_level(logging.DEBUG)
    marker = "Marigoldsecret"
    for body in (f"{marker}\x00", f"Y K12 ² {marker}", f"JOIN {marker}", marker * 120,
                 f"they locked me in {marker}", f"CLOSE 1 referred {marker}"):
        send_sms(body)
        send_update(telegram_text(4040, body))
    broken = telegram_text(4040, marker)
    broken["message"]["chat"]["id"] = marker
    send_update(broken)
    assert marker.casefold() not in caplog.text.casefold()
    assert THAI_NUMBER not in caplog.text
