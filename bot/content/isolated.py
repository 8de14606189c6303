"""Build the answering engine in a child process and take it over pickled.

Why: loading the content and building the index allocate a few hundred MB of short-lived
objects. Freed, they leave a long-running process's heap fragmented: on the real content about
35 MB stays resident that nothing uses, whatever ``malloc_trim`` does. A child process takes the
build's peak and its fragments with it when it exits; the bot only unpickles the finished engine
(a ~16 MB pickle, a fraction of a second), so its objects lie packed together.

The child is ``python -m bot.content.isolated``: the pickled Settings come in on stdin, and the
pickled ``(AnswerService, content hash)`` or the content's problems go out on the original stdout
(anything the build prints goes to stderr). The pickle only ever crosses a pipe between this
process and its own child. When the child cannot run or fails, the engine is built in process, so
a start-up or /reload behaves exactly as without isolation.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from typing import TYPE_CHECKING, Any

import structlog

from bot.content import ContentError

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.service import AnswerService

log = structlog.get_logger()

CHILD_MODULE = "bot.content.isolated"
# The build takes a few seconds on the real content; a child that hangs must not hold up a start.
CHILD_TIMEOUT_S = 300.0

Built = tuple["AnswerService", str]


def build_inline(settings: Settings) -> Built:
    """Load, validate and build in this process. Raises ContentError."""
    from bot.content.engine import build_service, load_content

    content = load_content(settings)
    return build_service(settings, content), content.content_hash


def child_command() -> list[str]:
    return [sys.executable, "-m", CHILD_MODULE]


async def build_isolated(settings: Settings, command: list[str] | None = None) -> Built:
    """The engine built by a child process; in process when the child fails. Raises ContentError."""
    try:
        reply = await _run_child(settings, command or child_command())
    except Exception as exc:  # no child, a crash, a timeout or a bad pickle: build here instead
        log.warning("engine_child_failed", error=type(exc).__name__, detail=str(exc)[:200])
        return await asyncio.to_thread(build_inline, settings)
    kind, payload = reply
    if kind == "problems":
        raise ContentError(list(payload))
    service, content_hash = payload
    return service, content_hash


async def _run_child(settings: Settings, command: list[str]) -> tuple[str, Any]:
    proc = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    try:
        out, _ = await asyncio.wait_for(
            proc.communicate(pickle.dumps(settings, protocol=pickle.HIGHEST_PROTOCOL)), CHILD_TIMEOUT_S
        )
    except BaseException:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        raise
    if proc.returncode != 0:
        raise RuntimeError(f"{CHILD_MODULE} exited with {proc.returncode}")
    # The engine's pickle comes from this process's own child, never from outside.
    reply = pickle.loads(out)
    if not (isinstance(reply, tuple) and len(reply) == 2 and reply[0] in ("engine", "problems")):
        raise RuntimeError(f"{CHILD_MODULE} sent an unexpected reply")
    return reply


def _child_main() -> int:
    # The reply goes to the real stdout; whatever the build prints (logs) goes to stderr.
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    settings = pickle.loads(sys.stdin.buffer.read())  # from the parent process
    reply: tuple[str, Any]
    try:
        reply = ("engine", build_inline(settings))
    except ContentError as exc:
        reply = ("problems", tuple(exc.problems))
    with os.fdopen(reply_fd, "wb") as out:
        pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
