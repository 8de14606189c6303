"""Human handoff ("ask a lawyer"): the citizen's side (``router``) and the operators' group
(``operators``, only updates from OPERATORS_CHAT_ID). The desk (bot/channels/telegram/handoff.py)
does the work; without OPERATORS_CHAT_ID it is None and these handlers stay out of the way.

Citizen: /lawyer [question] or the lawyer button under a fallback or did-you-mean reply → the
consent message (the redacted text, Confirm first, Cancel) → on Confirm the case opens. While a
case is open the citizen's text goes to the topic, not to the engine (a crisis message still
gets the crisis reply first); media are refused with a request to type; /cancel ends the case.

Operators: text in a case's topic goes to the citizen with the label; /close or Close closes
(the citizen rates 👍/👎); Take marks the topic taken; /ban DAYS; /queue lists overdue cases.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    User,
)

from bot.channels.telegram.callbacks import HandoffCb
from bot.channels.telegram.fsm import HandoffAsk
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.handoff import HandoffDesk, bot_summary, case_topic
from bot.channels.telegram.render import plain, render
from bot.channels.telegram.send import send_parts, set_keyboard, show
from bot.channels.telegram.texts import text
from bot.config import Settings
from bot.content.holder import ServiceHolder
from bot.core.handoff import LIVE_STATES, CaseEvent, CaseState, ban_days, preview
from bot.core.lang import Lang, parse_lang
from bot.core.ports import Case, NewCase
from bot.core.redact import redact_names
from bot.core.reply import Reply, ReplyKind

router = Handlers(name="handoff")
operators = Handlers(name="handoff-operators")

# What the lawyer button uses: the question the bot could not answer, remembered in the FSM
# data (redacted; in Redis with REDIS_URL), with the operators' summary of the bot's reply.
REMEMBERED = ("handoff_q", "handoff_summary", "handoff_topic", "handoff_lang")
MEDIA = F.photo | F.document | F.voice | F.video | F.audio | F.video_note | F.sticker | F.animation | F.contact | F.location


def own_names(user: User | None) -> tuple[str | None, ...]:
    """The citizen's names as Telegram shows them: masked in whatever is passed to operators."""
    return (user.first_name, user.last_name, user.username) if user is not None else ()


async def remember_question(
    state: FSMContext, handoff: HandoffDesk, question: str, reply: Reply, names: Sequence[str | None] = ()
) -> None:
    await state.update_data(
        handoff_q=preview(redact_names(question, names)),
        handoff_summary=bot_summary(reply, handoff.op_lang),
        handoff_topic=case_topic(reply),
        handoff_lang=reply.lang.value,  # the language the citizen asked in: the lawyer's label follows it
    )


# ---- filters


async def live_case(event: Message, handoff: HandoffDesk | None, user_hash: str | None) -> dict[str, Any] | bool:
    """Passes (with the ``case``) when the citizen writing in private has an open case."""
    if handoff is None or user_hash is None or event.chat.type != ChatType.PRIVATE:
        return False
    case = await handoff.cases.active_case(user_hash)
    if case is None or case.state not in LIVE_STATES:
        return False
    return {"case": case}


def private(event: Message) -> bool:
    return event.chat.type == ChatType.PRIVATE


class InOperatorsChat(Filter):
    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        group = settings.operators_chat_id
        if group is None:
            return False
        message = event.message if isinstance(event, CallbackQuery) else event
        return message is not None and message.chat.id == group


def not_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


# ---- the citizen


def consent_keyboard(case: Case, lang: Lang) -> InlineKeyboardMarkup:
    """Confirm is the first button (the contract says so), Cancel the second."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text("btn_handoff_confirm", lang), callback_data=HandoffCb(action="yes", case=case.id).pack())],
            [InlineKeyboardButton(text=text("btn_handoff_cancel", lang), callback_data=HandoffCb(action="no", case=case.id).pack())],
        ]
    )


async def offer(
    message: Message, handoff: HandoffDesk, user_hash: str, lang: Lang, question: str, summary: str, topic: str | None,
    names: Sequence[str | None] = (),
) -> None:
    """The consent message (nothing reaches the operators yet), or why there is none."""
    banned = await handoff.cases.banned_until(user_hash)
    if banned is not None:
        until = banned.astimezone(UTC).astimezone(handoff.hours.tz)
        await send_parts(message, plain(text("handoff_banned", lang, until=f"{until:%d.%m.%Y}")))
        return
    active = await handoff.cases.active_case(user_hash)
    if active is not None and active.state in LIVE_STATES:
        await send_parts(message, plain(text("handoff_already", lang, code=active.code)))
        return
    shown = preview(redact_names(question, names))
    case = await handoff.open_pending(
        NewCase(user_hash=user_hash, chat_id=message.chat.id, lang=lang, topic=topic, question=shown, bot_summary=summary)
    )
    await send_parts(message, plain(text("handoff_consent", lang, question=shown), keyboard=consent_keyboard(case, lang)))


async def offer_typed(
    message: Message, handoff: HandoffDesk, holder: ServiceHolder, user_hash: str, lang: Lang, question: str
) -> None:
    """A question typed for the lawyer: crisis routing first, then the consent."""
    reply = holder.service.answer(question, user_lang=lang)
    if reply.kind is ReplyKind.CRISIS:
        await send_parts(message, render(reply))
    await offer(message, handoff, user_hash, reply.lang, question, bot_summary(reply, handoff.op_lang), case_topic(reply),
                own_names(message.from_user))


@router.message(Command("lawyer"), private)
async def on_lawyer(
    message: Message,
    command: CommandObject,
    handoff: HandoffDesk | None,
    holder: ServiceHolder,
    state: FSMContext,
    user_hash: str | None,
    lang: Lang,
) -> None:
    if handoff is None or user_hash is None:
        await send_parts(message, plain(text("handoff_unavailable", lang)))
        return
    if command.args and command.args.strip():
        await offer_typed(message, handoff, holder, user_hash, lang, command.args)
        return
    data = await state.get_data()
    if data.get("handoff_q"):
        await offer(message, handoff, user_hash, parse_lang(data.get("handoff_lang")) or lang, data["handoff_q"],
                    data.get("handoff_summary") or "", data.get("handoff_topic"), own_names(message.from_user))
        return
    await state.set_state(HandoffAsk.question)
    await send_parts(message, plain(text("handoff_ask_question", lang)))


@router.message(Command("cancel"), StateFilter(HandoffAsk.question))
async def on_cancel_asking(message: Message, state: FSMContext, lang: Lang) -> None:
    await state.set_state(None)
    await send_parts(message, plain(text("handoff_not_sent", lang)))


@router.message(StateFilter(HandoffAsk.question), F.text, not_command, private)
async def on_typed_question(
    message: Message, handoff: HandoffDesk | None, holder: ServiceHolder, state: FSMContext,
    user_hash: str | None, lang: Lang, question: str,
) -> None:
    await state.set_state(None)
    if handoff is None or user_hash is None:
        await send_parts(message, plain(text("handoff_unavailable", lang)))
        return
    await offer_typed(message, handoff, holder, user_hash, lang, question)


@router.message(Command("cancel"), live_case)
async def on_cancel_case(message: Message, handoff: HandoffDesk, case: Case) -> None:
    ended = await handoff.cancel(case)
    await send_parts(message, plain(text("handoff_cancelled" if ended else "handoff_none", case.lang, code=case.code)))


@router.message(F.text, not_command, live_case)
async def on_case_message(message: Message, handoff: HandoffDesk, holder: ServiceHolder, case: Case, question: str) -> None:
    """While a case is open the citizen talks to the lawyer; a crisis still gets its reply at once."""
    reply = holder.service.answer(question, user_lang=case.lang)
    if reply.kind is ReplyKind.CRISIS:
        await send_parts(message, render(reply))
    await handoff.relay_citizen(case, redact_names(question, own_names(message.from_user)), message.message_id)


@router.edited_message(F.text, not_command, live_case)
async def on_case_edit(edited_message: Message, handoff: HandoffDesk, case: Case, question: str) -> None:
    names = own_names(edited_message.from_user)
    await handoff.relay_citizen(case, redact_names(question, names), edited_message.message_id, edited=True)


@router.message(MEDIA, live_case)
async def on_case_media(message: Message, case: Case) -> None:
    await send_parts(message, plain(text("handoff_media", case.lang)))


@router.callback_query(HandoffCb.filter(F.action.in_({"ask", "yes", "no", "up", "down"})))
async def on_citizen_button(
    callback: CallbackQuery,
    callback_data: HandoffCb,
    handoff: HandoffDesk | None,
    state: FSMContext,
    user_hash: str | None,
    lang: Lang,
) -> None:
    message = callback.message
    if handoff is None or user_hash is None or message is None or isinstance(message, InaccessibleMessage):
        await callback.answer(text("handoff_unavailable", lang)[:200])
        return
    action = callback_data.action
    if action == "ask":
        await callback.answer()
        data = await state.get_data()
        if data.get("handoff_q"):
            await offer(message, handoff, user_hash, parse_lang(data.get("handoff_lang")) or lang, data["handoff_q"],
                        data.get("handoff_summary") or "", data.get("handoff_topic"), own_names(callback.from_user))
        else:  # the remembered question is gone (a restart without Redis): ask for it
            await state.set_state(HandoffAsk.question)
            await send_parts(message, plain(text("handoff_ask_question", lang)))
        return
    case = await handoff.cases.get_case(callback_data.case)
    if case is None or case.user_hash != user_hash:
        await callback.answer(text("handoff_too_late", lang)[:200])
        await set_keyboard(callback, None)
        return
    if action == "yes":
        opened = await handoff.confirm(case.id, user_hash)
        if opened is None:
            fresh = await handoff.cases.get_case(case.id)
            late = fresh is None or fresh.state not in LIVE_STATES
            note = text("handoff_too_late", case.lang) if late else text("handoff_already", case.lang, code=case.code)
            await callback.answer(note[:200])
            await set_keyboard(callback, None)
            return
        await callback.answer()
        await state.update_data(**dict.fromkeys(REMEMBERED))
        await show(callback, plain(handoff.expected(opened, opened.lang)))
    elif action == "no":
        if case.state is CaseState.PENDING:
            await handoff.cases.transition(case.id, CaseEvent.CANCEL)
        await callback.answer()
        await show(callback, plain(text("handoff_not_sent", case.lang)))
    else:
        rated = await handoff.cases.rate_case(case.id, user_hash, action == "up")
        await callback.answer(text("handoff_thanks" if rated else "handoff_too_late", case.lang)[:200])
        if rated:
            await show(callback, plain(text("handoff_thanks", case.lang)))


# ---- the operators' group

operators.message.filter(InOperatorsChat())
operators.edited_message.filter(InOperatorsChat())
operators.callback_query.filter(InOperatorsChat())


@operators.message(Command("queue"))
async def on_queue(message: Message, handoff: HandoffDesk | None) -> None:
    if handoff is not None:
        await handoff.say(_thread(message), html.escape(await handoff.queue_text(), quote=False))


@operators.message(Command("close"))
async def on_close(message: Message, handoff: HandoffDesk | None) -> None:
    if handoff is None:
        return
    case = await handoff.case_in_thread(_thread(message))
    if case is None or case.state not in LIVE_STATES:
        await handoff.say(_thread(message), html.escape(text("op_no_case", handoff.op_lang)))
        return
    await handoff.close(case)


@operators.message(Command("ban"))
async def on_ban(message: Message, command: CommandObject, handoff: HandoffDesk | None) -> None:
    if handoff is None:
        return
    case = await handoff.case_in_thread(_thread(message))
    days = ban_days(command.args)
    if case is None or days is None:
        await handoff.say(_thread(message), html.escape(text("op_ban_usage", handoff.op_lang)))
        return
    await handoff.ban(case, days)


@operators.message(F.text, not_command)
async def on_operator_text(message: Message, handoff: HandoffDesk | None) -> None:
    """An operator's text in a case's topic goes to the citizen; the rest of the group's talk
    (outside topics, or in topics the operators made for themselves) is not the bot's business."""
    thread = _thread(message)
    if handoff is None or thread is None or message.text is None:
        return
    case = await handoff.case_in_thread(thread)
    if case is None:
        return
    if case.state not in LIVE_STATES:  # a closed case: say so rather than let the text vanish
        await handoff.say(thread, html.escape(text("op_no_case", handoff.op_lang)))
        return
    await handoff.relay_operator(case, message.text, message.message_id)


@operators.message(MEDIA)
async def on_operator_media(message: Message, handoff: HandoffDesk | None) -> None:
    thread = _thread(message)
    if handoff is not None and thread is not None and await handoff.case_in_thread(thread) is not None:
        await handoff.say(thread, html.escape(text("op_text_only", handoff.op_lang)))


@operators.message()
async def on_group_other(message: Message) -> None:
    """Service messages, other commands: nothing to do, and nothing for the engine either."""


@operators.edited_message()
async def on_group_edit(edited_message: Message) -> None:
    """An operator's edit does not reach the citizen (it went out already)."""


@operators.callback_query(HandoffCb.filter(F.action.in_({"take", "close"})))
async def on_operator_button(callback: CallbackQuery, callback_data: HandoffCb, handoff: HandoffDesk | None) -> None:
    if handoff is None:
        await callback.answer()
        return
    case = await handoff.cases.get_case(callback_data.case)
    if case is None or case.state not in LIVE_STATES:
        await callback.answer(text("handoff_too_late", handoff.op_lang)[:200])
        await set_keyboard(callback, None)
        return
    if callback_data.action == "take":
        taken = await handoff.take(case)
        await callback.answer(text("op_taken", handoff.op_lang, code=case.code)[:200])
        if taken is not None:
            close_only = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
                text=text("op_btn_close", handoff.op_lang), callback_data=HandoffCb(action="close", case=case.id).pack()
            )]])
            await set_keyboard(callback, close_only)
        return
    await callback.answer()
    await set_keyboard(callback, None)
    await handoff.close(case)


@operators.callback_query()
async def on_group_other_button(callback: CallbackQuery) -> None:
    await callback.answer()


def _thread(message: Message) -> int | None:
    """The forum topic a message is in; a reply in General carries a message_thread_id that is
    no topic (a send with it is refused: "message thread not found")."""
    return message.message_thread_id if message.is_topic_message else None
