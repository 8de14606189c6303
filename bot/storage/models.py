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
