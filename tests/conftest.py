"""Suite-wide test isolation.

``bot.logging.configure_logging`` (called by CLI and sandbox tests through ``bot.cli.main``)
binds structlog and the root logger to the ``sys.stderr`` of that moment — under pytest a
capture file that is closed after the test. Later tests that log would then fail with
"I/O operation on closed file", so every test starts from structlog's defaults and the
root logger's handlers as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import structlog


@pytest.fixture(autouse=True)
def _isolated_logging_config() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    structlog.reset_defaults()
    root.handlers[:] = handlers
    root.setLevel(level)
