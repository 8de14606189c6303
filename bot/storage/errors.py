"""Errors the storage layer raises to callers that must know."""

from __future__ import annotations


class SchemaOutdated(RuntimeError):
    """The database is not at the code's migration head; the message is the one-line fix."""

    def __init__(self, current: str | None, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(
            f"database schema is at {current or 'none'}, code needs {head}: run `python -m bot db upgrade`"
        )


class StoreUnavailable(RuntimeError):
    """The database kept failing after retries (locked, connection lost). No message text inside."""
