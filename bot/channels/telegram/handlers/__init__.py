"""One router per conversation area; bot/channels/telegram/app.py includes them in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router

CallbackType = Callable[..., Any]


class _Observer:
    """Records handlers of one update type (``message``, ``callback_query`` ...) and its filters."""

    def __init__(self, event: str) -> None:
        self.event = event
        self.handlers: list[tuple[CallbackType, tuple[CallbackType, ...], dict[str, Any]]] = []
        self.filters: list[CallbackType] = []

    def __call__(self, *filters: CallbackType, **kwargs: Any) -> Callable[[CallbackType], CallbackType]:
        def register(callback: CallbackType) -> CallbackType:
            self.handlers.append((callback, filters, kwargs))
            return callback

        return register

    def filter(self, *filters: CallbackType) -> None:
        self.filters.extend(filters)


class Handlers:
    """One feature's handlers, declared with aiogram's decorator syntax (``@router.message(...)``)
    and turned into a fresh ``aiogram.Router`` by ``router()`` for every dispatcher.

    An aiogram Router may be attached to one parent only, so module-level routers cannot serve
    two dispatchers (tests, a restart in one process); this builds new ones through aiogram's
    public ``observers[...].register`` / ``.filter`` instead of resetting private attributes.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._observers: dict[str, _Observer] = {}

    def _observer(self, event: str) -> _Observer:
        return self._observers.setdefault(event, _Observer(event))

    @property
    def message(self) -> _Observer:
        return self._observer("message")

    @property
    def edited_message(self) -> _Observer:
        return self._observer("edited_message")

    @property
    def callback_query(self) -> _Observer:
        return self._observer("callback_query")

    def router(self) -> Router:
        router = Router(name=self.name)
        for event, observer in self._observers.items():
            target = router.observers[event]
            if observer.filters:
                target.filter(*observer.filters)
            for callback, filters, kwargs in observer.handlers:
                target.register(callback, *filters, **kwargs)
        return router
