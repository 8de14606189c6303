"""Analytics for operators: what people ask, never who asked.

``aggregate`` reads the stores' grouped rows (``bot.core.facts``) into ``ReportData``; ``text``
renders it for the terminal and as CSV, ``charts`` draws it (matplotlib, imported lazily) and
``page`` makes one self-contained HTML page of it.
"""

from bot.analytics.aggregate import ReportData, aggregate, build_report
from bot.analytics.page import render_html
from bot.analytics.text import render_csv, render_text

__all__ = ["ReportData", "aggregate", "build_report", "render_csv", "render_html", "render_text"]
