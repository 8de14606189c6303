"""Analytics: redacted questions with their outcome, and feedback on answers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("user_hash", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("entry_id", sa.String(length=120), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    op.create_index(op.f("ix_questions_asked_at"), "questions", ["asked_at"])
    op.create_index(op.f("ix_questions_user_hash"), "questions", ["user_hash"])
    op.create_index("ix_questions_kind_asked_at", "questions", ["kind", "asked_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_hash", sa.String(length=64), nullable=True),
        sa.Column("entry_id", sa.String(length=120), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_created_at"), "feedback", ["created_at"])
    op.create_index(op.f("ix_feedback_user_hash"), "feedback", ["user_hash"])
    op.create_index(op.f("ix_feedback_entry_id"), "feedback", ["entry_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_feedback_entry_id"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_user_hash"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_created_at"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_index("ix_questions_kind_asked_at", table_name="questions")
    op.drop_index(op.f("ix_questions_user_hash"), table_name="questions")
    op.drop_index(op.f("ix_questions_asked_at"), table_name="questions")
    op.drop_table("questions")
