"""The engine built in a child process (bot.content.isolated) answers exactly as one built here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import structlog

from bot.config import load_settings
from bot.content import ContentError
from bot.content.holder import ServiceHolder
from bot.content.isolated import build_inline, build_isolated
from bot.core.service import AnswerService

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "questions.dev.jsonl"
QUESTIONS = [
    "сколько платят по инвалидности",
    "mugedektik boiynsha zhardemaky kansha",
    "how do I apply for targeted social assistance",
    "gtycbz gj djphfcne",  # "пенсия по возрасту" on the wrong layout
    "привет",
    "how do I register a car",  # a near miss
    "Муж избил меня при детях, куда звонить?",
]


@pytest.fixture(scope="module")
def engines() -> tuple[AnswerService, AnswerService, str, str]:
    import asyncio

    settings = load_settings()
    inline, inline_hash = build_inline(settings)
    with structlog.testing.capture_logs() as logs:
        isolated, isolated_hash = asyncio.run(build_isolated(settings))
    # Built by the child, not by the in-process fallback (which would answer alike, too).
    assert not [e for e in logs if e["event"] == "engine_child_failed"], logs
    return inline, isolated, inline_hash, isolated_hash


def test_the_child_builds_the_same_engine(engines: tuple[AnswerService, AnswerService, str, str]) -> None:
    inline, isolated, inline_hash, isolated_hash = engines
    assert isolated is not inline
    assert isolated_hash == inline_hash
    questions = list(QUESTIONS)
    if SHARED_DEV.is_file():
        questions += [json.loads(line)["q"] for line in SHARED_DEV.read_text(encoding="utf-8").splitlines()[:60]]
    for q in questions:
        a, b = inline.answer(q), isolated.answer(q)
        assert (b.entry_id, b.kind, b.lang, b.text, b.confidence) == (a.entry_id, a.kind, a.lang, a.text, a.confidence), q


async def test_broken_content_comes_back_as_problems_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "pensions.yaml").write_text(
        "topic:\n  id: pensions\n  title: {kk: a, ru: b, en: c}\nentries:\n  - id: BAD ID\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        await build_isolated(load_settings(CONTENT_DIR=str(tmp_path)))
    assert any(p.file.endswith("pensions.yaml") and p.line == 5 for p in caught.value.problems)


async def test_a_failing_child_falls_back_to_building_in_process() -> None:
    settings = load_settings()
    with structlog.testing.capture_logs() as logs:
        service, content_hash = await build_isolated(settings, [sys.executable, "-c", "import sys; sys.exit(3)"])
    assert content_hash
    assert service.answer("сколько платят по инвалидности").lang.value == "ru"
    assert [e["event"] for e in logs if e["log_level"] == "warning"] == ["engine_child_failed"]


async def test_a_child_that_sends_garbage_is_not_trusted() -> None:
    settings = load_settings()
    garbage = [sys.executable, "-c", "import pickle, sys; sys.stdout.buffer.write(pickle.dumps(('rm', 1)))"]
    with structlog.testing.capture_logs() as logs:
        service, _ = await build_isolated(settings, garbage)
    assert service.catalog.entries
    assert any(e["event"] == "engine_child_failed" and "unexpected" in e["detail"] for e in logs)


async def test_an_isolated_holder_reloads_through_a_child(engines: tuple[AnswerService, AnswerService, str, str]) -> None:
    inline, _, content_hash, _ = engines
    holder = ServiceHolder(inline, content_hash, isolated=True)
    with structlog.testing.capture_logs() as logs:
        result = await holder.reload(load_settings())
    assert not [e for e in logs if e["event"] == "engine_child_failed"], logs
    assert result.ok
    assert holder.service is not inline
    assert result.content_hash == content_hash
    assert result.entries == len(holder.service.catalog.entries)
