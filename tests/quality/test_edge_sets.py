"""Trust at the edge: floors on the sets that measure near misses and the shared evaluation.

* round5.jsonl ... round8.jsonl, round14.jsonl ... round40.jsonl: blind sets written from the report alone (100 questions per
  language: 60 in scope with facts, 40 near misses and off-domain), measured only — never tuned on.
  Since the ninth round the near misses of round5-round8 and round14 (and of fresh.jsonl,
  round4.jsonl and independent.jsonl) are out-of-scope prototypes, and since the tenth round
  their in-scope lines are example questions of their entries: fitting data; since the eleventh
  round round25-round28 too. round15-round20, round33, round34, round39 and round40 stay wholly
  held out.
* bench/data/near_miss_heldout*.jsonl: our own near misses on whole topics kept out of
  content/_out_of_scope.yaml (the engine's negative examples): new topics, never fitted.
  near_miss_heldout3 (30 topics, 180 lines) mixes a subject the content covers with a concept it
  does not (tax relief for a disability, dividing pension savings at divorce, a bailiff and wages).
* ../shared/eval: the dev set, the external out-of-scope set and the near-miss dev set, scored
  as ../shared/eval/score.py does (measured only).

The floors are what the engine scored when they were set, minus about two questions each: a
regression guard, not a target. ``python -m tests.quality.test_edge_sets`` prints the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bot.core.lang import Lang
from bot.core.reply import Reply
from tests.quality.test_fresh_set import Case, passes
from tests.quality.test_fresh_set import load_path as load
from tests.quality.test_independent_set import rate, service, text_lang

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(__file__).resolve().parent / "data"
SHARED_EVAL = REPO.parent / "shared" / "eval"


@dataclass(frozen=True)
class Floors:
    in_scope: float | None  # None: the set has no in-scope questions
    out_of_scope: float | None
    reply_lang: float


# Measured 2026-12-03 (see docs/benchmarks.md), minus about two questions each.
SETS: dict[str, tuple[Path, Floors]] = {
    # measured 158/180, 95/120, 299/300; with the word-level near-miss evidence 159/180, 98/120;
    # with the learned ranking and the near-miss target 0.93: 162/180, 97/120; with the statistics
    # entries, the figure signals and the target 0.92: 168/180, 96/120; with an entry that states no
    # figure of the kind asked only offered: 169/180, 109/120; with the other kinds (documents,
    # ages, scores, amounts in tenge): 169/180, 113/120; with payments told apart by name and
    # number codes (2026-12-04): 169/180, 116/120; without the pendant-award questions in the
    # large-family entry and with short anchored messages in scope: 170/180, 117/120
    "round5": (DATA_DIR / "round5.jsonl", Floors(0.93, 0.96, 0.99)),
    # A second blind set, written (2026-12-03) from the report and kazakh-notes.md alone by a
    # writer who never saw the content or the other sets, after the engine work of that day:
    # measured once, at the merge, 157/180, 110/120, 299/300. Never tuned on. With the statistics
    # entries and the figure signals: 166/180, 111/120; with an entry that states no figure of the
    # kind asked only offered: 168/180, 113/120; language 300/300 once "мрп" is a known word; with
    # the ombudsman's term (para 91) 171/180; with number codes ("7-20-25") 171/180, 115/120;
    # without the pendant-award questions in the large-family entry 171/180, 116/120.
    "round6": (DATA_DIR / "round6.jsonl", Floors(0.93, 0.95, 1.0)),
    # A third blind set, written (2026-12-03, third round) like round6 by a writer who saw only the
    # report and kazakh-notes.md. Measured on the code of that morning (c2dd510) 163/180, 99/120,
    # 299/300, and after the third round's engine work 165/180, 110/120, 299/300. Then the
    # amount-in-tenge rule (for a round5 line) also refused 3 of its lines, 113/120: from there
    # on it is not blind for that shape. 2026-12-04 (durations in Kazakh forms, number codes,
    # names in a Russian sentence): 166/180, 117/120, 300/300.
    "round7": (DATA_DIR / "round7.jsonl", Floors(0.91, 0.96, 1.0)),
    # A fourth blind set, written 2026-12-04 like round6 and round7. Measured on the code of that
    # morning (bee850a): 156/180, 116/120, 300/300. Then its misses were read (fifth
    # round, docs/engine.md): the home-or-abroad rule, the teachers' entry, programme codes never
    # answered, "deadline" asking a time limit: 161/180, 118/120, 300/300.
    "round8": (DATA_DIR / "round8.jsonl", Floors(0.87, 0.96, 1.0)),
    # Three blind sets written 2026-12-04 (eighth round, docs/engine.md) from the report alone by
    # helpers who saw neither the content nor the other sets. round14 was measured on c29570b
    # (159/180, 109/120, 300/300), then read: 161/180, 115/120 after the round. round15 and
    # round16 were measured only, never read: round15 152/180, 107/120 -> 155/180, 108/120;
    # round16 (written mid-round) 160/180, 116/120 at the start and at the end.
    # Ninth round: the near misses of round4-round8, fresh, independent and round14 joined the
    # out-of-scope prototypes (content/_out_of_scope.yaml) and are fitting data since, so those
    # sets measure only their in-scope lines; round14 161 -> 157. round15 155/180, 108/120 ->
    # 152/180, 113/120; round16 160/180, 116/120 -> 159/180, 117/120.
    "round14": (DATA_DIR / "round14.jsonl", Floors(0.87, 0.94, 1.0)),
    "round15": (DATA_DIR / "round15.jsonl", Floors(0.89, 0.96, 1.0)),
    "round16": (DATA_DIR / "round16.jsonl", Floors(0.94, 0.97, 1.0)),
    # Two more written 2026-12-04 evening (ninth round) the same way, round18 with most lines on
    # paragraphs 260-520; measured on 7168d59 only, never read: round17 165/180, 109/120;
    # round18 162/180, 111/120; 300/300 language each. After the ninth round: round17 161/180,
    # 113/120; round18 158/180, 114/120.
    "round17": (DATA_DIR / "round17.jsonl", Floors(0.95, 0.95, 1.0)),
    "round18": (DATA_DIR / "round18.jsonl", Floors(0.92, 0.95, 1.0)),
    # Tenth round (2026-12-04 night): the in-scope lines of round4-round8, fresh, independent and
    # round14 became example questions of their entries (docs/engine.md), so those sets no longer
    # measure in-scope generalisation either; four more sets written for fitting (round21-round24,
    # bench/data/fit_sets) joined as example questions and prototypes. round15-round18 after the
    # round: 158/180, 114/120; 161/180, 118/120; 172/180, 113/120; 168/180, 112/120. Two new sets
    # written the same way at the start of the round, measured on 9c08fa4 and never read:
    # round19 159/180, 113/120; round20 154/180, 116/120; after the round round19 168/180,
    # 114/120; round20 166/180, 116/120.
    "round19": (DATA_DIR / "round19.jsonl", Floors(0.92, 0.95, 1.0)),
    "round20": (DATA_DIR / "round20.jsonl", Floors(0.91, 0.96, 1.0)),
    # Four more written the same way at the end of the tenth round, measured on its final code
    # (round25-28: 654/720 in scope, 461/480 near misses refused), then read: two reading fixes
    # came from them ("... қанша қазір" asks an age; "детсад"). Not held out since; never fitted.
    # After: round25 170/180, 114/120; round26 161/180, 118/120; round27 163/180, 115/120;
    # round28 162/180, 114/120.
    "round25": (DATA_DIR / "round25.jsonl", Floors(0.93, 0.93, 1.0)),
    "round26": (DATA_DIR / "round26.jsonl", Floors(0.88, 0.96, 1.0)),
    "round27": (DATA_DIR / "round27.jsonl", Floors(0.89, 0.94, 1.0)),
    "round28": (DATA_DIR / "round28.jsonl", Floors(0.89, 0.93, 1.0)),
    # Eleventh round (2026-12-04 late evening): round25-round28 became fitting data (in-scope lines
    # as example questions, near misses as prototypes), with eight more sets written the same way
    # for fitting (round29-round32, round35-round38, round41-round48 in bench/data/fit_sets). Held
    # out and never read: round15-round20 (above; after the round 165/180, 117/120; 172/180,
    # 119/120; 175/180, 115/120; 168/180, 117/120; 168/180, 117/120; 169/180, 118/120) and four
    # new sets, measured on bcf6e08 before any change: round33 167/180, 114/120; round34 168/180,
    # 108/120 (written at the start of the round); round39 166/180, 115/120; round40 163/180,
    # 116/120 (written later). After the round: 168/180, 118/120; 171/180, 115/120; 172/180,
    # 117/120; 169/180, 119/120.
    "round33": (DATA_DIR / "round33.jsonl", Floors(0.91, 0.97, 1.0)),
    "round34": (DATA_DIR / "round34.jsonl", Floors(0.94, 0.93, 1.0)),
    "round39": (DATA_DIR / "round39.jsonl", Floors(0.95, 0.95, 1.0)),
    "round40": (DATA_DIR / "round40.jsonl", Floors(0.90, 0.97, 1.0)),
    # Twelfth round (2026-12-05): sixteen sets written the same way for fitting (round53-round68,
    # bench/data/fit_sets, filed by python -m bench.fitdata). Four more written at its start, held
    # out and never read, measured on 354543f before any change: round49 169/180, 117/120; round50
    # 168/180, 116/120; round51 159/180, 119/120; round52 170/180, 120/120. Their lines that other
    # writers typed too were taken out of the fitting data. After the round: 172/180, 118/120;
    # 167/180, 118/120; 160/180, 119/120; 171/180, 119/120. The ten sets above after the round:
    # 166/117, 174/119, 176/116, 168/116, 170/117, 174/118, 168/118, 174/116, 172/117, 170/120.
    "round49": (DATA_DIR / "round49.jsonl", Floors(0.94, 0.97, 1.0)),
    "round50": (DATA_DIR / "round50.jsonl", Floors(0.91, 0.97, 1.0)),
    "round51": (DATA_DIR / "round51.jsonl", Floors(0.87, 0.98, 1.0)),
    "round52": (DATA_DIR / "round52.jsonl", Floors(0.93, 0.98, 1.0)),
    # measured 132/137; with the learned ranking and the near-miss target 0.93: 135/137
    "near_miss_heldout": (REPO / "bench" / "data" / "near_miss_heldout.jsonl", Floors(None, 0.97, 0.99)),
    # measured 125/134; with the word-level near-miss evidence 127/134; then 128/134, 134/134
    "near_miss_heldout2": (REPO / "bench" / "data" / "near_miss_heldout2.jsonl", Floors(None, 0.94, 0.99)),
    # measured 161/180 (written after the engine's last change, never fitted); then 163/180; with
    # the statistics entries (a wider vocabulary) 160/180
    "near_miss_heldout3": (REPO / "bench" / "data" / "near_miss_heldout3.jsonl", Floors(None, 0.87, 0.99)),
    # 207 topics, 1242 lines, each written beside one entry: what a citizen asks next that neither
    # the entry nor the report answers (an amount, a deadline, a procedure step). Measured 0.561:
    # the hardest shape left. As training data they moved along the curve (docs/engine.md,
    # section 5), so they are measured only. With an entry that states no figure of the kind asked
    # only offered: 0.630; 2026-12-04: 0.656.
    "near_miss_heldout4": (REPO / "bench" / "data" / "near_miss_heldout4.jsonl", Floors(None, 0.64, 0.99)),
    # three questions per statistics entry, written with the entries and held out: 166/174
    "figures_heldout": (REPO / "bench" / "data" / "figures_heldout.jsonl", Floors(0.93, None, 0.99)),
    # measured 84/90, 174/180, 270/270; with the word-level near-miss evidence 83/90, 173/180; with
    # the statistics entries and the figure signals 86/90, 174/180; with an entry that states no
    # figure of the kind asked only offered 86/90, 177/180; 2026-12-04 85/90, 179/180; with the
    # blind near misses among the prototypes (ninth round) 83/90, 179/180 (issue 16 asks 0.90);
    # tenth round 86/90, 179/180; eleventh round (near-miss target 0.92) 85/90, 176/180; twelfth
    # round (0.94) 85/90, 176/180.
    "shared near_miss.dev": (SHARED_EVAL / "near_miss.dev.jsonl", Floors(0.92, 0.96, 0.99)),
    # measured 96/99, 10/10, 109/109; tenth round 97/99; eleventh round 96/99 (docs/engine.md);
    # twelfth round 97/99. Issue 16 asks no worse than 0.98 (97/99): the floor fails at 96/99.
    "shared questions.dev": (SHARED_EVAL / "questions.dev.jsonl", Floors(0.975, 0.9, 0.99)),
    # measured 301/302; with the learned ranking and the scope target 0.99: 302/302; ninth round
    # 301/302 again, the level issue 16 started from (0.997 rounded): the floor is 301/302; twelfth
    # round 301/302 ("close my savings account" reads as the pension-savings withdrawal).
    "shared external_oos": (SHARED_EVAL / "external_oos.jsonl", Floors(None, 0.996, 0.99)),
}


@cache
def outcomes(name: str) -> tuple[tuple[Case, Reply], ...]:
    svc = service()
    return tuple((c, svc.answer(c.q.replace("\n", " "))) for c in load(SETS[name][0]))


def measure(name: str) -> dict[str, tuple[float, int, int]]:
    got = outcomes(name)
    out = {"reply language": rate(text_lang(r.text) == c.lang.value for c, r in got)}
    if any(not c.out_of_scope for c, _ in got):
        out["in scope"] = rate(passes(c, r) for c, r in got if not c.out_of_scope)
    if any(c.out_of_scope for c, _ in got):
        out["out of scope"] = rate(passes(c, r) for c, r in got if c.out_of_scope)
    return out


def _misses(name: str, out_of_scope: bool) -> str:
    return "\n".join(
        f"  line {c.line} [{c.lang}] {c.q!r}: got {r.kind.value} {r.entry_id}"
        for c, r in outcomes(name)
        if c.out_of_scope is out_of_scope and not passes(c, r)
    )


@pytest.mark.parametrize("name", [n for n, (_, f) in SETS.items() if f.in_scope is not None])
def test_in_scope_floor(name: str) -> None:
    value, hits, total = measure(name)["in scope"]
    floor = SETS[name][1].in_scope
    assert floor is not None and value >= floor, f"{name} in scope {hits}/{total}\n{_misses(name, False)}"


@pytest.mark.parametrize("name", [n for n, (_, f) in SETS.items() if f.out_of_scope is not None])
def test_out_of_scope_floor(name: str) -> None:
    value, hits, total = measure(name)["out of scope"]
    floor = SETS[name][1].out_of_scope
    assert floor is not None and value >= floor, f"{name} out of scope {hits}/{total}\n{_misses(name, True)}"


@pytest.mark.parametrize("name", list(SETS))
def test_reply_language_floor(name: str) -> None:
    value, hits, total = measure(name)["reply language"]
    assert value >= SETS[name][1].reply_lang, f"{name} reply language {hits}/{total}"


def test_the_sets_are_there_and_shaped() -> None:
    for name, (path, _) in SETS.items():
        assert path.is_file(), f"{name}: {path} is missing"
    r5 = load(SETS["round5"][0])
    for lang in Lang:
        assert sum(c.lang is lang and not c.out_of_scope for c in r5) == 60
        assert sum(c.lang is lang and c.out_of_scope for c in r5) == 40
    for name in ("near_miss_heldout", "near_miss_heldout2", "near_miss_heldout3", "near_miss_heldout4"):
        assert all(c.out_of_scope for c in load(SETS[name][0]))


if __name__ == "__main__":
    for set_name in SETS:
        print(set_name, {k: f"{h}/{t} = {v:.3f}" for k, (v, h, t) in measure(set_name).items()})


def test_every_entry_reads_as_the_language_it_is_served_in() -> None:
    """A reader that tells Russian from Kazakh by the share of Kazakh letters (as the shared scorer
    does) must see every entry's reply, title and source line included, in its own language: a
    Russian answer that quotes a Kazakh name («Қазақстан халқына») reads as Kazakh."""
    svc = service()
    wrong = []
    for entry in svc.catalog.entries:
        for lang in Lang:
            reply = svc.entry_reply(entry.id, lang)
            assert reply is not None
            if text_lang(reply.text) != lang.value:
                wrong.append(f"{entry.id} [{lang.value}] reads as {text_lang(reply.text)}")
    assert not wrong, "\n".join(wrong)
