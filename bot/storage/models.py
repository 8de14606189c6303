"""Database tables (SQLAlchemy 2 declarative). The schema changes only through migrations/.

Times are naive UTC everywhere (SQLite keeps no zone; PostgreSQL ``timestamp without time
zone``), so both databases group days the same way. Users appear only as keyed hashes
(``bot.core.privacy.user_hash``); question text is stored only after ``bot.core.redact``.
There are no foreign keys to ``users``: analytics rows must be writable even when the user
row could not be (a failed ``touch_user`` must not lose a question), and ``forget_user``
deletes by hash across all tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

HASH_LEN = 64
ENTRY_ID_LEN = 120


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    user_hash: Mapped[str] = mapped_column(String(HASH_LEN), primary_key=True)
    lang: Mapped[str | None] = mapped_column(String(2))
    first_seen: Mapped[datetime] = mapped_column(DateTime())
    last_seen: Mapped[datetime] = mapped_column(DateTime(), index=True)


class ProcessedUpdate(Base):
    """Exactly-once processing: an update is claimed before it is handled, finished after."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger(), primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))  # received | done
    received_at: Mapped[datetime] = mapped_column(DateTime())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime())
    # The raw update JSON (holds a raw Telegram id): kept only until the update is done.
    payload: Mapped[str | None] = mapped_column(Text())

    __table_args__ = (Index("ix_processed_updates_status_update_id", "status", "update_id"),)


class ContentVersion(Base):
    __tablename__ = "content_versions"

    id: Mapped[int] = mapped_column(Integer(), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime())
    loaded_by: Mapped[str] = mapped_column(String(100))


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer(), primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    user_hash: Mapped[str | None] = mapped_column(String(HASH_LEN), index=True)
    text: Mapped[str] = mapped_column(Text())  # redacted
    lang: Mapped[str] = mapped_column(String(2))
    entry_id: Mapped[str | None] = mapped_column(String(ENTRY_ID_LEN))
    kind: Mapped[str] = mapped_column(String(16))  # answer | clarify | fallback | crisis | smalltalk
    confidence: Mapped[float] = mapped_column(Float())
    latency_ms: Mapped[float] = mapped_column(Float())
    channel: Mapped[str] = mapped_column(String(16))

    __table_args__ = (Index("ix_questions_kind_asked_at", "kind", "asked_at"),)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer(), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    user_hash: Mapped[str | None] = mapped_column(String(HASH_LEN), index=True)
    entry_id: Mapped[str] = mapped_column(String(ENTRY_ID_LEN), index=True)
    positive: Mapped[bool] = mapped_column(Boolean())
    comment: Mapped[str | None] = mapped_column(Text())  # redacted
    channel: Mapped[str] = mapped_column(String(16), server_default="telegram")


class HandoffCase(Base):
    """A question handed to a human (bot/core/handoff.py). ``chat_id`` is the one raw Telegram
    id stored: the lawyer's answer must reach the citizen. It is cleared as soon as the case
    ends, and the row goes with retention and /forget. ``active_user`` holds the user hash
    while the case is active (pending, open, taken) and NULL after: its unique constraint gives
    a user at most one active case, on SQLite and PostgreSQL alike."""

    __tablename__ = "handoff_cases"

    id: Mapped[int] = mapped_column(Integer(), primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    user_hash: Mapped[str] = mapped_column(String(HASH_LEN), index=True)
    active_user: Mapped[str | None] = mapped_column(String(HASH_LEN), unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger())
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2))
    topic: Mapped[str | None] = mapped_column(String(ENTRY_ID_LEN))
    state: Mapped[str] = mapped_column(String(16))  # pending | open | taken | closed | cancelled | expired
    question: Mapped[str] = mapped_column(Text())  # redacted
    bot_summary: Mapped[str] = mapped_column(Text())
    # The forum topic; unique, so one topic never serves two cases.
    thread_id: Mapped[int | None] = mapped_column(BigInteger(), unique=True)
    intro_sent: Mapped[bool] = mapped_column(Boolean())
    topic_claimed_at: Mapped[datetime | None] = mapped_column(DateTime())
    created_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime())
    taken_at: Mapped[datetime | None] = mapped_column(DateTime())
    first_reply_at: Mapped[datetime | None] = mapped_column(DateTime())
    closed_at: Mapped[datetime | None] = mapped_column(DateTime())
    rating: Mapped[bool | None] = mapped_column(Boolean())

    # AUTOINCREMENT on SQLite: a case number (its code) is never reused after /forget or retention.
    __table_args__ = (
        Index("ix_handoff_cases_state_created_at", "state", "created_at"),
        {"sqlite_autoincrement": True},
    )


class HandoffMessage(Base):
    """The citizen<->topic message map: which message went where, ids only, never text."""

    __tablename__ = "handoff_messages"

    id: Mapped[int] = mapped_column(Integer(), primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer(), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # in (citizen -> topic) | out (topic -> citizen)
    citizen_message_id: Mapped[int | None] = mapped_column(BigInteger())
    group_message_id: Mapped[int | None] = mapped_column(BigInteger())
    created_at: Mapped[datetime] = mapped_column(DateTime())


class HandoffBan(Base):
    """``/ban DAYS``: this user may not open cases until ``until``."""

    __tablename__ = "handoff_bans"

    user_hash: Mapped[str] = mapped_column(String(HASH_LEN), primary_key=True)
    until: Mapped[datetime] = mapped_column(DateTime(), index=True)
