"""Content loading, database models, repositories and migrations glue."""
