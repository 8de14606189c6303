"""Analytics for operators: what people ask, never who asked.

``facts`` holds the small grouped rows both stores produce and the pure aggregation into
``StatsSummary``; ``report`` renders the text/HTML/CSV report (imports matplotlib lazily).
"""
