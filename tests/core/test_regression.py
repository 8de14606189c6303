"""Regression suite against the real content: citizens' questions written for this test.

The lines in regression_questions.tsv (language, question, expected entry) are our own: not the
content's example questions and not the shared evaluation sets. The content changes, so the
suite checks accuracy levels rather than every single line; misses are printed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.content import load_catalog
from bot.content.out_of_scope import load_out_of_scope
from bot.core.calibration import Calibration
from bot.core.lang import Lang
from bot.core.reply import ReplyKind
from bot.core.service import AnswerService, TsaParams

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "regression_questions.tsv"


@pytest.fixture(scope="module")
def svc() -> AnswerService:
    result = load_catalog(ROOT / "content")
    assert result.catalog is not None, result.errors
    cal_path = ROOT / "content" / "_calibration.json"
    cal = Calibration.from_dict(json.loads(cal_path.read_text(encoding="utf-8")))
    prototypes = load_out_of_scope(ROOT / "content")
    return AnswerService(result.catalog, tsa=TsaParams(43407, 2024), calibration=cal, out_of_scope=prototypes)


def _rows() -> list[tuple[Lang, str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lang, question, entry_id = line.split("\t")
            rows.append((Lang(lang), question, entry_id))
    return rows


def test_regression_set_has_thirty_questions_per_language() -> None:
    assert Counter(lang for lang, _, _ in _rows()) == {Lang.KK: 30, Lang.RU: 30, Lang.EN: 30}


def test_questions_find_their_entry_in_their_language(svc: AnswerService) -> None:
    ok: Counter[Lang] = Counter()
    misses = []
    for lang, question, entry_id in _rows():
        reply = svc.answer(question)
        if reply.entry_id == entry_id and reply.lang is lang:
            ok[lang] += 1
        else:
            misses.append(f"{question!r} -> {reply.kind.value} {reply.lang.value} {reply.entry_id} (want {entry_id})")
    print("\n".join(misses))
    assert sum(ok.values()) >= 78, misses
    # 80/90 since the tenth round (kk 28, ru 24, en 28; 81 before). Russian lost "сколько лет должно быть
    # мужчине чтобы уйти на пенсию": read as asking a number of years the retirement entry does
    # not state, beside a new prototype (early retirement after hazardous work), it is refused;
    # the same round refused nine more near misses of the held-out blind sets (docs/engine.md).
    # 78/90 since the eleventh round (kk 27, ru 24, en 27): "how much targeted social assistance will
    # my family receive" and "атаулы әлеуметтік көмектің мөлшері қанша" get the "no verified
    # figure" reply offering the TSA-amount entry, which states no amount (its title no longer
    # counts as one); the held-out blind sets' near misses answered fell from 60 to 26 of 1200.
    for lang in Lang:
        assert ok[lang] >= 24, (lang, misses)


def test_reply_language_is_always_the_questions(svc: AnswerService) -> None:
    wrong = [(q, svc.answer(q).lang) for lang, q, _ in _rows() if svc.answer(q).lang is not lang]
    assert not wrong


def test_own_out_of_scope_set_falls_back(svc: AnswerService) -> None:
    path = ROOT / "bench" / "data" / "oos_calibration.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    answered = [r["q"] for r in rows if svc.answer(r["q"]).kind is ReplyKind.ANSWER]
    assert len(answered) <= 0.05 * len(rows), answered
