"""Build aiogram's pydantic schemas on first use instead of at import: about 100 MB less memory.

aiogram declares its ~300 Bot API types ``defer_build=True``, but ``aiogram/types/__init__.py``
then calls ``model_rebuild`` on every one of them to resolve forward references, which builds
a validator and a serializer per type (nested types inlined) in pydantic-core: about 100 MB
resident, most of it for types this bot never receives or sends (measured: 165 MB after
``import aiogram.types``, 64 MB with this). ``defer_aiogram_schemas`` imports aiogram while that
loop does nothing, and puts the names the loop would have passed into aiogram's modules; pydantic
then builds each model the first time it validates or serialises (its documented
``defer_build`` behaviour), resolving the same names, so the same schemas come out, only later
and only those used.

It must run before anything imports ``aiogram.types``; later it does nothing and says so.
``tests/channels/telegram/test_lazy_schemas.py`` checks that every type and method still builds
and that an update parses and a request serialises exactly as with the eager import.
"""

from __future__ import annotations

import sys
import typing
from typing import Any


def defer_aiogram_schemas() -> bool:
    """Import aiogram with its type schemas deferred; False when aiogram.types was already imported."""
    if "aiogram.types" in sys.modules:
        return False
    from pydantic import BaseModel

    eager = BaseModel.__dict__["model_rebuild"]

    def leave_deferred(cls: type[BaseModel], /, *args: Any, _types_namespace: Any = None, **kwargs: Any) -> Any:
        if _types_namespace is not None and cls.__module__.startswith("aiogram."):
            return None  # aiogram's rebuild loop: the names it would pass are given below
        return eager.__func__(cls, *args, _types_namespace=_types_namespace, **kwargs)

    BaseModel.model_rebuild = classmethod(leave_deferred)  # type: ignore[method-assign, assignment]
    try:
        import aiogram.methods
        import aiogram.types
        from aiogram.client.default import Default
    finally:
        BaseModel.model_rebuild = eager  # type: ignore[method-assign]

    # The names aiogram.types passes to its rebuild loop.
    namespace: dict[str, Any] = {
        "List": list,
        "Optional": typing.Optional,
        "Union": typing.Union,
        "Literal": typing.Literal,
        "Default": Default,
        **{name: getattr(aiogram.types, name) for name in aiogram.types.__all__},
    }
    # Forward references are resolved from the defining module's globals when a deferred model
    # is first built (on its own, or inside a method's or a generic Response[...]'s schema);
    # aiogram's modules import those names only for type checkers, so they are added here, never
    # replacing one.
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith(("aiogram.types.", "aiogram.methods.")):
            for key, value in namespace.items():
                module.__dict__.setdefault(key, value)
    _build_what_every_chat_uses()
    return True


# What every conversation uses: the message, the update, the requests and the responses they
# return (aiogram validates a reply as ``Response[method.__returning__]``). Built at start so the
# first citizens' replies do not pay for them (70 ms for a response holding a Message). The
# Message goes first: the update and the responses then reuse its schema instead of holding a
# copy each (3 MB less). CallbackQuery, User and Chat are only ever validated inside these, so
# they are not built on their own (2 MB).
EVERY_CHAT_USES = ("Message", "Update")
EVERY_CHAT_SENDS = ("GetUpdates", "SendMessage", "EditMessageText", "EditMessageReplyMarkup", "AnswerCallbackQuery")
# pydantic keeps a parametrized generic (Response[Message]) only weakly: unreferenced, it is
# collected and its schema built again on the next request (7 ms for every long poll's
# Response[list[Update]], 70 ms for a Response[Message]). These references keep them.
_RESPONSE_TYPES: list[type] = []


def _build_what_every_chat_uses() -> None:
    import aiogram.methods
    import aiogram.types
    from aiogram.methods.base import Response

    for name in EVERY_CHAT_USES:
        getattr(aiogram.types, name).model_rebuild()
    for name in EVERY_CHAT_SENDS:
        method = getattr(aiogram.methods, name)
        method.model_rebuild()
        response = Response[method.__returning__]  # type: ignore[name-defined]
        response.model_rebuild()
        _RESPONSE_TYPES.append(response)
