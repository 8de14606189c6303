"""Content: loading ``content/*.yaml`` with line numbers, checks, translation stamps, YAML and CSV I/O."""

from bot.content.loader import ContentError, LoadResult, Problem, load_catalog

__all__ = ["ContentError", "LoadResult", "Problem", "load_catalog"]
