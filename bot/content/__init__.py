"""Content: ``content/*.yaml`` read with line numbers (load), checked (checks), loaded as the
catalog (catalog), translation stamps (stamp), YAML writing (yaml_io), CSV rows (csv_io) and
the operators' CLI."""

from bot.content.catalog import LoadResult, load_catalog
from bot.content.load import ContentError, Problem

__all__ = ["ContentError", "LoadResult", "Problem", "load_catalog"]
