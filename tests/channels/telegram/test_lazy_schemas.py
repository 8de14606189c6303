"""aiogram with deferred schemas (bot/channels/telegram/lazy_schemas.py) behaves as the eager import.

Each check runs in a fresh interpreter: the deferral works only before aiogram.types is imported,
and this test process has imported it long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Parses an update with nested types, builds every response model the bot uses, serialises a
# request with a keyboard, and prints all of it as JSON, so the two modes can be compared.
PROBE = textwrap.dedent(
    """
    import json, sys
    from bot.channels.telegram.lazy_schemas import defer_aiogram_schemas
    deferred = defer_aiogram_schemas() if sys.argv[1] == "lazy" else False
    from aiogram.methods import GetUpdates, SendMessage, EditMessageText, AnswerCallbackQuery
    from aiogram.methods.base import Response
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
    update = {
        "update_id": 7,
        "callback_query": {
            "id": "9", "chat_instance": "x", "data": "a:1",
            "from": {"id": 5, "is_bot": False, "first_name": "A", "language_code": "kk"},
            "message": {"message_id": 3, "date": 1700000000, "chat": {"id": 5, "type": "private"},
                        "text": "hi", "entities": [{"type": "bold", "offset": 0, "length": 2}],
                        "reply_markup": {"inline_keyboard": [[{"text": "t", "callback_data": "c"}]]}},
        },
    }
    parsed = Response[GetUpdates.__returning__].model_validate({"ok": True, "result": [update]})
    sent = Response[SendMessage.__returning__].model_validate(
        {"ok": True, "result": {"message_id": 4, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "ok"}})
    edited = Response[EditMessageText.__returning__].model_validate({"ok": True, "result": True})
    answered = Response[AnswerCallbackQuery.__returning__].model_validate({"ok": True, "result": True})
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="a", callback_data="b")]])
    request = SendMessage(chat_id=5, text="x", reply_markup=keyboard)
    print(json.dumps({
        "deferred": deferred,
        "update": parsed.model_dump(mode="json", exclude_none=True),
        "sent": sent.model_dump(mode="json", exclude_none=True),
        "edited": edited.result, "answered": answered.result,
        "request": request.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
    }, sort_keys=True))
    """
)

# Builds every Bot API type and method from the deferred state: a name the namespace lacks
# would fail here rather than on the first rare update in production.
BUILD_ALL = textwrap.dedent(
    """
    from bot.channels.telegram.lazy_schemas import defer_aiogram_schemas
    assert defer_aiogram_schemas()
    import aiogram.methods, aiogram.types
    from pydantic import BaseModel
    deferred = built = 0
    for module in (aiogram.types, aiogram.methods):
        for name in module.__all__:
            model = getattr(module, name)
            if isinstance(model, type) and issubclass(model, BaseModel):
                if not model.__pydantic_complete__:
                    deferred += 1
                    model.model_rebuild(raise_errors=True)
                assert model.__pydantic_complete__, name
                built += 1
    print(deferred, built)
    """
)


def run_python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_deferred_import_parses_and_serialises_like_the_eager_one() -> None:
    lazy = json.loads(run_python(PROBE, "lazy"))
    eager = json.loads(run_python(PROBE, "eager"))
    assert lazy.pop("deferred") is True
    assert eager.pop("deferred") is False
    assert lazy == eager
    assert lazy["update"]["result"][0]["callback_query"]["message"]["entities"][0]["type"] == "bold"


def test_every_type_and_method_builds_from_the_deferred_state() -> None:
    deferred, built = map(int, run_python(BUILD_ALL).split())
    assert built > 400  # the whole Bot API: types and methods
    assert deferred > 200  # and most of it was indeed left for later


def test_too_late_once_aiogram_types_is_imported() -> None:
    import aiogram.types  # noqa: F401  (already imported by the suite; made explicit here)

    from bot.channels.telegram.lazy_schemas import defer_aiogram_schemas

    assert defer_aiogram_schemas() is False


# The response models are built at start and kept: a long poll or a reply after a garbage
# collection reuses them instead of building its schema again (pydantic holds them weakly).
KEPT = textwrap.dedent(
    """
    import gc
    from bot.channels.telegram.lazy_schemas import defer_aiogram_schemas
    assert defer_aiogram_schemas()
    from aiogram.methods import GetUpdates, SendMessage
    from aiogram.methods.base import Response
    from aiogram.types import Message, Update
    first = [id(Response[m.__returning__]) for m in (GetUpdates, SendMessage)]
    gc.collect()
    again = [id(Response[m.__returning__]) for m in (GetUpdates, SendMessage)]
    complete = all(t.__pydantic_complete__ for t in (Message, Update, Response[SendMessage.__returning__]))
    print(first == again, complete)
    """
)


def test_the_response_models_are_built_once_and_kept() -> None:
    assert run_python(KEPT).split() == ["True", "True"]
