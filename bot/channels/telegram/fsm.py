"""Conversation states (aiogram FSM), kept in Redis when REDIS_URL is set, so replicas share them."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class TsaCheck(StatesGroup):
    """The targeted social assistance (ASP) pre-check: household size, then monthly income."""

    household = State()
    income = State()


class HandoffAsk(StatesGroup):
    """/lawyer without a question: the next text is the question for the lawyer."""

    question = State()
