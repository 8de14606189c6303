"""One router per conversation area; bot/telegram/app.py includes them in order."""
