"""Content loading, database models, repositories and migrations glue."""

import logging

# Alembic announces each of its autogenerate plugins at INFO when imported; set before any
# submodule imports alembic so `stats` and `db upgrade` print only what matters.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
