"""From an unanswered cluster to a served entry: `content draft` -> edit -> `content validate` -> /reload."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.app import build_service
from bot.config import load_settings
from bot.content import load_catalog
from bot.content.cli import validate
from bot.core.lang import Lang
from bot.core.ports import QuestionRecord
from bot.core.reply import ReplyKind
from bot.reports import run_draft
from bot.storage.sql import SqlStore
from tests.channels.telegram.harness import OPERATOR_ID, make_harness, make_settings

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
ASKED = [
    ("Сколько стоит штраф за превышение скорости?", "ru", 3),
    ("Жылдамдықты асырғаны үшін айыппұл қанша?", "kk", 2),
    ("What is the speeding fine?", "en", 1),
]


async def _log(url: str) -> None:
    store = await SqlStore.open(url, migrate=True)
    try:
        for text, lang, n in ASKED:
            for _ in range(n):
                await store.log_question(QuestionRecord(None, text, Lang(lang), None, ReplyKind.FALLBACK, 0.1, 5))
    finally:
        await store.close()


def _fill(path: Path) -> None:
    s = path.read_text(encoding="utf-8")
    s = s.replace('title: {kk: "", ru: "", en: ""}', 'title: {kk: "Жол айыппұлдары", ru: "Дорожные штрафы", en: "Traffic fines"}')
    # The answer states the amount: "айыппұл қанша" (how much is the fine) asks for one.
    s = s.replace('kk: ""', 'kk: "Жылдамдықты асырғаны үшін айыппұл 10 АЕК, ӘҚБтК 592-бабы."', 1)
    s = s.replace('ru: ""', 'ru: "Штраф за превышение скорости 10 МРП, статья 592 КоАП."', 1)
    s = s.replace('en: ""', 'en: "The speeding fine is 10 MCI, article 592 of the Code of Administrative Offences."', 1)
    path.write_text(s, encoding="utf-8")


async def test_draft_edit_validate_reload_serves_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    await _log(url)
    settings = load_settings(DATABASE_URL=url, CONTENT_DIR=str(content))

    # content draft 1: the biggest cluster, the same question in kk, ru and en.
    assert await asyncio.to_thread(run_draft, settings, "1", 30) == 0
    draft = content / "traffic-fines.yaml"
    text = draft.read_text(encoding="utf-8")
    assert "\ndraft: true\n" in text and 'answer:\n      kk: ""' in text
    for question, _, _ in ASKED:
        assert f'"{question}"' in text
    assert "traffic-fines" not in load_catalog(content).catalog.by_id  # type: ignore[union-attr]  # never served

    # validate: warnings only, saying what is still to fill.
    capsys.readouterr()
    assert validate(content) == 0
    out = "".join(capsys.readouterr())
    assert "warning: draft, not served; still to fill: answer.en, answer.kk, answer.ru, sources, title.en" in out
    assert "empty, write it" in out and "String should" not in out

    # Answers filled, no sources: complete but blocked.
    _fill(draft)
    assert validate(content) == 0
    out = "".join(capsys.readouterr())
    assert "still to fill: sources" in out

    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "sources: []", 'sources: [{ref: "Code of Administrative Offences, art. 592"}]'), encoding="utf-8")
    assert validate(content) == 0
    out = "".join(capsys.readouterr())
    assert "draft complete: delete the `draft: true` line to serve it, then /reload" in out
    assert "only 1 example questions in kk" in out  # what still needs work (parity of examples)

    # Published: delete `draft: true`, validate, /reload in the bot.
    tg = make_settings(CONTENT_DIR=str(content))
    h = make_harness(tg, service=build_service(tg))
    await h.send("What is the speeding fine?")
    assert "Traffic fines" not in h.last_text()
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert validate(content) == 0
    await h.send("/reload", user_id=OPERATOR_ID)
    await h.send("What is the speeding fine?")
    assert h.last_text().startswith("Traffic fines")
    await h.send("Жылдамдықты асырғаны үшін айыппұл қанша?")
    assert h.last_text().startswith("Жол айыппұлдары")


def test_draft_of_an_unknown_cluster_says_what_there_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    asyncio.run(_log(url))
    settings = load_settings(DATABASE_URL=url, CONTENT_DIR=str(REPO_CONTENT))
    assert run_draft(settings, "7", 30) == 1
    assert "no unanswered cluster '7'" in capsys.readouterr().err
