"""The local sandbox: a Telegram-like web chat that drives the real bot (``python -m bot sandbox``)."""
