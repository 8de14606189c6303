"""Dispatcher middlewares (logging, dedupe, throttle, user context) and session middlewares
(retry, pacing) for outgoing Bot API calls."""
