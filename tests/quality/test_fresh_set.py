"""Quality guards on two more independent question sets (tests/quality/data/fresh.jsonl, round 3;
tests/quality/data/round4.jsonl, round 4).

Each was written by three testers (one per language) from the source report alone: they never
saw the content, the engine, the other sets or the project's evaluation set. 70 in-scope and 12
out-of-scope questions per language, in eight kinds of writing (plain, situational, typos,
no_letters, translit, layout, slang, multi; round 4 adds keyword queries) and the evaluation's
format: an in-scope line passes
when the bot answers (any entry) and every fact group is in the reply ("a|b": either; a number
must match a whole digit run, thousands separators ignored); an out-of-scope line passes when
the bot falls back.

The floors are what the engine scored when the set was added, minus about three questions per
language: a regression guard, not a target. Round 3 was measured before and after the
content's example questions were extended (the writers did not see it); round 4 was written
afterwards and first measured on the finished engine (the session's held-out check: before the
session's changes kk 60, ru 58, en 59 of 70). Do not tune on their lines.

``python -m tests.quality.test_fresh_set`` prints the breakdown and the misses.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bench.common import fact_canon, has_fact, states_facts
from bot.core.lang import Lang
from bot.core.reply import Reply
from tests.quality.test_independent_set import rate, service, text_lang

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Floors:
    in_scope: dict[Lang, float]
    out_of_scope: float
    reply_lang: float


# Measured 2026-11-24, minus a margin of about three questions per language.
FLOORS = {
    # After content round 3 (before it: kk 63, ru 62, en 54 of 70); measured 65, 64, 58 of 70,
    # 36/36 out of scope, reply language 241/246 (English lines mixing in Russian words).
    # 2026-12-03 (issue 16, near-miss model): 63, 60, 52 of 70. The decision now refuses more
    # questions that resemble legal near misses; English situational questions paid most.
    "fresh.jsonl": Floors({Lang.KK: 0.87, Lang.RU: 0.83, Lang.EN: 0.71}, 0.94, 0.95),
    # Measured 64, 64, 63 of 70; 36/36 out of scope; reply language 246/246.
    # 2026-12-03 (issue 16): 66, 64, 57 of 70; 36/36 out of scope.
    # 2026-12-03 (learned ranking, near-miss target 0.93): 61, 66, 60 of 70. Kazakh lost three
    # questions the stricter near-miss gate now refuses with the right entry on top (a job
    # refused for a disability, a teenager's summer hours, a police app); its floor is lowered
    # to the new measure minus one, the others raised.
    # 2026-12-04 (ninth round: its near misses are out-of-scope prototypes now, the near-miss
    # gate refuses more): 65, 62, 65 of 70; Russian lost one, its floor the new measure minus one.
    "round4.jsonl": Floors({Lang.KK: 0.86, Lang.RU: 0.87, Lang.EN: 0.81}, 0.94, 0.95),
}
SETS = tuple(FLOORS)

@dataclass(frozen=True)
class Case:
    line: int
    q: str
    lang: Lang
    facts: tuple[str, ...]  # each a group of alternatives "a|b"
    style: str
    out_of_scope: bool


def passes(case: Case, reply: Reply) -> bool:
    if case.out_of_scope:
        return reply.entry_id is None
    return reply.entry_id is not None and states_facts(reply.text, case.facts)


def load_cases(name: str) -> list[Case]:
    return load_path(DATA_DIR / name)


def load_path(path: Path) -> list[Case]:
    """A question set in the evaluation's format; "style" is optional (empty when absent)."""
    cases = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip():
            obj = json.loads(raw)
            cases.append(
                Case(
                    line=n,
                    q=obj["q"],
                    lang=Lang(obj["lang"]),
                    facts=tuple(obj.get("facts", ())),
                    style=str(obj.get("style", "")),
                    out_of_scope=bool(obj.get("out_of_scope", False)),
                )
            )
    return cases


@cache
def outcomes(name: str) -> tuple[tuple[Case, Reply], ...]:
    svc = service()
    return tuple((c, svc.answer(c.q)) for c in load_cases(name))


def misses(selected: list[tuple[Case, Reply]]) -> str:
    return "\n".join(
        f"  line {c.line} [{c.lang} {c.style}] {c.q!r}: want {'fallback' if c.out_of_scope else c.facts}, "
        f"got {r.kind.value} {r.entry_id}"
        for c, r in selected
        if not passes(c, r)
    )


@pytest.mark.parametrize("name", SETS)
def test_set_shape(name: str) -> None:
    cases = load_cases(name)
    for lang in Lang:
        assert sum(c.lang is lang and not c.out_of_scope for c in cases) == 70, lang
        assert sum(c.lang is lang and c.out_of_scope for c in cases) == 12, lang
    assert len({c.q.casefold() for c in cases}) == len(cases), "duplicate questions"
    assert all(c.facts for c in cases if not c.out_of_scope)


def test_has_fact_reads_numbers_whole_and_ignores_separators() -> None:
    assert has_fact(fact_canon("Минимальная зарплата 85 000 тенге"), "85000")
    assert not has_fact(fact_canon("850 тенге"), "85")
    assert has_fact(fact_canon("в 1,61 раза"), "1.61")
    assert has_fact(fact_canon("Её права"), "ее")


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("lang", list(Lang), ids=str)
def test_in_scope_accuracy_per_language(name: str, lang: Lang) -> None:
    selected = [(c, r) for c, r in outcomes(name) if not c.out_of_scope and c.lang is lang]
    value, hits, total = rate(passes(c, r) for c, r in selected)
    floor = FLOORS[name].in_scope[lang]
    assert value >= floor, f"{name} {lang} in-scope {hits}/{total} = {value:.3f}\n{misses(selected)}"


@pytest.mark.parametrize("name", SETS)
def test_out_of_scope_rejection(name: str) -> None:
    selected = [(c, r) for c, r in outcomes(name) if c.out_of_scope]
    value, hits, total = rate(passes(c, r) for c, r in selected)
    floor = FLOORS[name].out_of_scope
    assert value >= floor, f"{name} out-of-scope {hits}/{total} = {value:.3f}\n{misses(selected)}"


@pytest.mark.parametrize("name", SETS)
def test_reply_language(name: str) -> None:
    pairs = outcomes(name)
    value, hits, total = rate(text_lang(r.text) == c.lang.value for c, r in pairs)
    assert value >= FLOORS[name].reply_lang, f"{name} reply language {hits}/{total} = {value:.3f}"


def report(name: str) -> str:
    rows: dict[str, list[bool]] = defaultdict(list)
    for c, r in outcomes(name):
        ok = passes(c, r)
        kind = "out-of-scope" if c.out_of_scope else "in-scope"
        rows[f"{kind} {c.lang}"].append(ok)
        if not c.out_of_scope:
            rows[f"style {c.style}"].append(ok)
    lines = [f"{key:<24} {sum(v):>3}/{len(v):<3} {sum(v) / len(v):.3f}" for key, v in sorted(rows.items())]
    return "\n".join(lines) + "\n\nmisses:\n" + misses(list(outcomes(name)))


if __name__ == "__main__":
    for set_name in SETS:
        print(f"== {set_name}\n{report(set_name)}\n")
