"""One router per conversation area; bot/channels/telegram/app.py includes them in order."""
