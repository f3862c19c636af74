"""Channel adapters: the only code that knows Twilio, Telegram or HTTP details."""
