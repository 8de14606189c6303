"""structlog JSON logs on stderr, configured once by the composition root."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog


class StderrLogger:
    """Writes each rendered line to the *current* ``sys.stderr``.

    Looking the stream up per call (instead of binding it at configure time) keeps logging
    working when stderr is replaced later, e.g. by test runners capturing output.
    """

    def msg(self, message: str) -> None:
        stream = sys.stderr
        stream.write(message + "\n")
        stream.flush()

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stdlib handler that, like ``StderrLogger``, always writes to the current ``sys.stderr``."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _stderr_logger_factory(*_args: Any) -> StderrLogger:
    return StderrLogger()


QUIET_LIBRARIES = ("alembic", "matplotlib", "PIL", "aiosqlite", "asyncio")


def configure_logging(level: str = "INFO") -> None:
    handler = CurrentStderrHandler()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logging.basicConfig(handlers=[handler], level=level, force=True)
    # Libraries narrate their normal work at INFO (Alembic lists every plugin and migration):
    # on a normal run only their warnings reach the terminal; LOG_LEVEL=DEBUG shows everything.
    for name in QUIET_LIBRARIES:
        quiet = logging.DEBUG if level == "DEBUG" else max(logging.WARNING, logging.getLevelName(level))
        logging.getLogger(name).setLevel(quiet)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=_stderr_logger_factory,
        cache_logger_on_first_use=False,
    )
