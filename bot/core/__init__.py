"""The domain: pure Python, no Telegram, no database, no network.

Everything a citizen reads is decided here, so the Telegram bot, the sandbox and
``python -m bot ask`` give the same answers.
"""
