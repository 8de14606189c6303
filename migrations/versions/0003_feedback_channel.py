"""Feedback records the channel it came from (telegram, whatsapp, sandbox)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every rating so far came from Telegram (or the sandbox, which cannot be told apart now).
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=16), nullable=False, server_default="telegram"))


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("channel")
