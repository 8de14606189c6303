"""Shared by the benchmark and the calibration: content loading, folds, question sets."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.content import load_catalog
from bot.core.content import Catalog, Entry, PerLangList
from bot.core.lang import Lang

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
DATA = Path(__file__).resolve().parent / "data"
OOS_CALIBRATION = DATA / "oos_calibration.jsonl"
# Our own situational and slang in-scope questions (not the content's wording) with their entry.
INSCOPE_PARAPHRASES = DATA / "inscope_paraphrases.jsonl"
# A second, larger set of the same kind (769 lines, every entry in every language), with a split:
# the "heldout" fifth is never fitted; it measures the decision on in-scope questions it has not seen.
INSCOPE_PARAPHRASES2 = DATA / "inscope_paraphrases2.jsonl"
# English in-scope questions in citizens' words, two per entry, all measured only: added to the
# content as example questions they lifted in-scope sets but let more out-of-scope lines in.
INSCOPE_PARAPHRASES3 = DATA / "inscope_paraphrases3.jsonl"
# A third set of the same kind (1137 lines, six per entry, two per language): personal stories,
# chat, typos, transliteration; one line per entry (and the wrong-layout lines) held out.
INSCOPE_PARAPHRASES4 = DATA / "inscope_paraphrases4.jsonl"
# Our own near misses on topics kept out of content/_out_of_scope.yaml (whole topics held out):
# never used for fitting, they measure how the decision does on near misses it has not seen.
NEAR_MISS_HELDOUT = DATA / "near_miss_heldout.jsonl"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class Question:
    text: str
    lang: Lang
    entry_id: str | None  # None: out of scope


# The shared scorer's reading of a reply (../shared/eval/score.py): lower case, "ё" as "е", and
# the separators inside a number dropped ("85 000" -> "85000").
_SEPARATOR_IN_NUMBER = re.compile(r"(?<=\d)[\s\u00a0\u202f,.'’](?=\d)")


def fact_canon(text: str) -> str:
    return _SEPARATOR_IN_NUMBER.sub("", text.lower().replace("ё", "е"))


def has_fact(text: str, alternative: str) -> bool:
    """``text`` already canonical. A number must be a whole digit run ("85" is not in "850")."""
    alt = fact_canon(alternative.strip())
    if alt.isdigit():
        return re.search(rf"(?<!\d){alt}(?!\d)", text) is not None
    return alt in text


def states_facts(text: str, facts: Sequence[str]) -> bool:
    """Every fact group ("a|b": alternatives) is in the text, as the shared scorer checks it."""
    canon = fact_canon(text)
    return all(any(has_fact(canon, alt) for alt in group.split("|")) for group in facts)


def load_content(content_dir: Path = CONTENT) -> Catalog:
    result = load_catalog(content_dir)
    if result.catalog is None:
        raise SystemExit("content does not load:\n" + "\n".join(str(p) for p in result.errors[:20]))
    return result.catalog


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def oos_questions(path: Path = OOS_CALIBRATION) -> list[Question]:
    return [Question(str(r["q"]), Lang(str(r["lang"])), None) for r in read_jsonl(path)]


def paraphrase_questions(path: Path = INSCOPE_PARAPHRASES, split: str | None = None) -> list[Question]:
    """Our in-scope paraphrases with their entry; ``split`` keeps only "fit" or "heldout" lines."""
    return [
        Question(str(r["q"]), Lang(str(r["lang"])), str(r["entry_id"]))
        for r in read_jsonl(path)
        if split is None or r.get("split") == split
    ]


def content_questions(catalog: Catalog) -> list[Question]:
    return [
        Question(q, lang, e.id) for e in catalog.entries for lang in Lang for q in e.questions.get(lang)
    ]


def without_questions(catalog: Catalog, held_out: set[tuple[str, Lang, str]]) -> Catalog:
    """The catalog with some example questions removed (keeps titles, keywords and answers)."""
    entries: list[Entry] = []
    for e in catalog.entries:
        qs = {
            lang.value: [q for q in e.questions.get(lang) if (e.id, lang, q) not in held_out] for lang in Lang
        }
        entries.append(e.model_copy(update={"questions": PerLangList.model_construct(**qs)}))
    return catalog.model_copy(update={"entries": entries})


def folds(questions: list[Question], k: int, seed: int = 7) -> Iterator[list[Question]]:
    """k folds over the content's example questions (shuffled, fixed seed)."""
    shuffled = list(questions)
    random.Random(seed).shuffle(shuffled)
    for i in range(k):
        yield shuffled[i::k]
