"""Human handoff: cases handed to operators, the citizen<->topic message map, bans

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handoff_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("user_hash", sa.String(length=64), nullable=False),
        sa.Column("active_user", sa.String(length=64), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("bot_summary", sa.Text(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("intro_sent", sa.Boolean(), nullable=False),
        sa.Column("topic_claimed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("first_reply_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("rating", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_cases")),
        sa.UniqueConstraint("code", name=op.f("uq_handoff_cases_code")),
        sa.UniqueConstraint("active_user", name=op.f("uq_handoff_cases_active_user")),
        sa.UniqueConstraint("thread_id", name=op.f("uq_handoff_cases_thread_id")),
        sqlite_autoincrement=True,  # case numbers (codes) are never reused
    )
    op.create_index(op.f("ix_handoff_cases_user_hash"), "handoff_cases", ["user_hash"])
    op.create_index(op.f("ix_handoff_cases_created_at"), "handoff_cases", ["created_at"])
    op.create_index("ix_handoff_cases_state_created_at", "handoff_cases", ["state", "created_at"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("citizen_message_id", sa.BigInteger(), nullable=True),
        sa.Column("group_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_messages")),
    )
    op.create_index(op.f("ix_handoff_messages_case_id"), "handoff_messages", ["case_id"])
    op.create_table(
        "handoff_bans",
        sa.Column("user_hash", sa.String(length=64), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_hash", name=op.f("pk_handoff_bans")),
    )
    op.create_index(op.f("ix_handoff_bans_until"), "handoff_bans", ["until"])


def downgrade() -> None:
    op.drop_index(op.f("ix_handoff_bans_until"), table_name="handoff_bans")
    op.drop_table("handoff_bans")
    op.drop_index(op.f("ix_handoff_messages_case_id"), table_name="handoff_messages")
    op.drop_table("handoff_messages")
    op.drop_index("ix_handoff_cases_state_created_at", table_name="handoff_cases")
    op.drop_index(op.f("ix_handoff_cases_created_at"), table_name="handoff_cases")
    op.drop_index(op.f("ix_handoff_cases_user_hash"), table_name="handoff_cases")
    op.drop_table("handoff_cases")
