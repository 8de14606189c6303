"""A Telegram bot that tells Kazakhstan's citizens what they are entitled to."""

__version__ = "0.1.0"
