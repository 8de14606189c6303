"""Turn a blind-written question set into fitting data: example questions and near-miss prototypes.

    python -m bench.fitdata examples SET.jsonl [SET.jsonl ...] [--write]
    python -m bench.fitdata near-misses SET.jsonl [SET.jsonl ...] [--write]

A blind set (the shape of tests/quality/data/round*.jsonl) is written from the report alone by
someone who never saw the content: in-scope lines with the paragraph they ask about and the facts
a right answer states, and near misses with a topic slug. Once a set has been measured and read,
its lines can teach the engine how citizens word things:

* ``examples``: each in-scope line joins the one entry that cites its paragraph and states its
  facts; when several do, the one the engine already answers with; otherwise it is left out.
  Lines typed on the wrong keyboard layout, lines with a word the matcher corrects (as an example
  question the misspelling would become a known word and stop its own correction) and English
  lines the engine reads partly as transliteration are left out too.
* ``near-misses``: each near miss joins the prototype topic of its slug in
  content/_out_of_scope.yaml (singular and plural slugs are one topic), else a new topic after the
  others, its legal area as routing reads most of its questions. A prototype never asks for an
  entry's own subject: topics known to (ENTRY_SUBJECT_TOPICS) are skipped; review the new topics
  before committing.

Without ``--write`` both only report what they would do. The held-out blind sets are refused:
they measure the engine and must never teach it; a line one of them also has (writers sometimes
type the same short question) is skipped. Refit afterwards: ``python -m bench.calibrate``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.common import CONTENT, load_content, read_jsonl, states_facts
from bench.run import engine_service
from bot.content.out_of_scope import load_out_of_scope
from bot.core.analyze import analyze
from bot.core.content import Catalog, Entry
from bot.core.routing import route
from bot.core.service import AnswerService
from bot.core.vocab import layout_typed, layout_typed_english

# The blind sets that measure the engine (tests/quality/test_edge_sets.py): never fitting data.
HELD_OUT_SETS = frozenset(
    {
        "round15", "round16", "round17", "round18", "round19", "round20", "round33", "round34", "round39", "round40",
        "round49", "round50", "round51", "round52",
    }
)
OUT_OF_SCOPE_FILE = "_out_of_scope.yaml"
# Near-miss topics that ask for an entry's own subject (where the nearest crisis centre is, how to
# order Invataksi, how to obtain kandas status, the emergency numbers): as prototypes they made the
# entry's own questions fall back, so the writers' near misses of these topics are never merged.
ENTRY_SUBJECT_TOPICS = frozenset(
    {
        "shelter-address", "shelter-contact", "shelter-contacts", "shelter-location", "homeless-shelter-address",
        "crisis-centre-contacts", "invataksi-order", "invataksi-price", "invataksi-cost", "invataksi-booking",
        "invataxi-price", "kandas-procedure", "kandas-status-docs", "ambulance-number", "emergency-number",
        "emergency-numbers",
    }
)
_TOPICS_KEY = "topics:\n"
QUALITY_DATA = Path(__file__).resolve().parents[1] / "tests" / "quality" / "data"


def held_out_lines(quality_dir: Path = QUALITY_DATA) -> frozenset[str]:
    """Every question of the held-out sets: another writer's identical line is not fitted either,
    or the held-out measure would count a fitted line."""
    return frozenset(str(r["q"]) for name in HELD_OUT_SETS for r in read_jsonl(quality_dir / f"{name}.jsonl"))


def refuse_held_out(paths: Iterable[Path]) -> None:
    held = [p for p in paths if p.stem in HELD_OUT_SETS]
    if held:
        raise SystemExit("held-out sets never become fitting data: " + ", ".join(str(p) for p in held))


@dataclass(frozen=True)
class Placement:
    """Where one in-scope line goes: an entry, or None with the reason it is left out."""

    q: str
    lang: str
    entry_id: str | None
    how: str  # unique | engine | ambiguous | no-entry | layout | typo | transliteration


def _cites(entry: Entry, para: object) -> bool:
    return any(src.para == para for src in entry.sources)


def place_line(row: dict[str, Any], catalog: Catalog, answered: Callable[[str], str | None]) -> Placement:
    """The entry that cites the line's paragraph and states its facts in the line's language."""
    q, lang, facts = str(row["q"]), str(row["lang"]), [str(f) for f in row["facts"]]

    def states(e: Entry) -> bool:
        return states_facts(str(getattr(e.answer, lang)), facts)

    citing = [e.id for e in catalog.entries if _cites(e, row.get("para")) and states(e)]
    if len(citing) == 1:
        return Placement(q, lang, citing[0], "unique")
    engine = answered(q)
    if engine is not None and engine in citing:
        return Placement(q, lang, engine, "engine")
    if citing:
        return Placement(q, lang, None, "ambiguous")
    # No entry citing the paragraph states the facts: the engine's own pick, if it states them.
    picked = catalog.entry(engine) if engine is not None else None
    if picked is not None and states(picked):
        return Placement(q, lang, picked.id, "engine")
    return Placement(q, lang, None, "no-entry")


def screen(placement: Placement, service: AnswerService) -> Placement:
    """Leave out a line whose wording would teach the engine something wrong."""
    if placement.entry_id is None:
        return placement
    vocab = service.index.vocab
    if layout_typed(placement.q, vocab.cyr_words) or layout_typed_english(placement.q):
        return Placement(placement.q, placement.lang, None, "layout")
    tokens = analyze(placement.q, vocab).tokens
    if service.matcher.corrected_words(tokens):
        return Placement(placement.q, placement.lang, None, "typo")
    if placement.lang == "en" and any(not t.isascii() for t in tokens):
        return Placement(placement.q, placement.lang, None, "transliteration")
    return placement


def place_examples(rows: Iterable[dict[str, Any]], service: AnswerService) -> list[Placement]:
    catalog = service.catalog

    def answered(q: str) -> str | None:
        return service.answer(q).entry_id

    return [screen(place_line(r, catalog, answered), service) for r in rows if not r.get("out_of_scope")]


def insert_examples(content_dir: Path, placements: Iterable[Placement]) -> int:
    """Append the placed lines to their entries' example questions, editing the YAML text in place
    (comments and layout stay). Returns how many questions were added (repeats are skipped)."""
    want: dict[str, dict[str, list[str]]] = {}
    for p in placements:
        if p.entry_id is not None:
            want.setdefault(p.entry_id, {}).setdefault(p.lang, []).append(p.q)
    added = 0
    for path in sorted(content_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        inserts: list[tuple[int, list[str]]] = []
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        for key, value in root.value if root is not None else ():
            if key.value != "entries":
                continue
            for node in value.value:
                fields = {k.value: v for k, v in node.value}
                entry_id = fields["id"].value
                if entry_id not in want:
                    continue
                questions = {k.value: v for k, v in fields["questions"].value}
                for lang, new in want[entry_id].items():
                    seq = questions.get(lang)
                    if seq is None or not seq.value:
                        raise SystemExit(f"{path}: {entry_id} has no {lang} questions to extend")
                    existing = {n.value for n in seq.value}
                    fresh = [q for q in dict.fromkeys(new) if q not in existing]
                    last = seq.value[-1]
                    # end_mark sits at column 0 of the next line when the item ends its line.
                    end = last.end_mark.line if last.end_mark.column > 0 else last.end_mark.line - 1
                    first = lines[last.start_mark.line]
                    indent = first[: len(first) - len(first.lstrip())]
                    inserts.append((end, [f"{indent}- {json.dumps(q, ensure_ascii=False)}" for q in fresh]))
                    added += len(fresh)
        for end, new_lines in sorted(inserts, reverse=True):
            lines[end + 1 : end + 1] = new_lines
        if inserts:
            path.write_text("\n".join(lines), encoding="utf-8")
    return added


@dataclass
class PrototypeTopic:
    id: str
    area: str | None
    questions: dict[str, list[str]] = field(default_factory=dict)


def topic_slug(raw: object, known: Iterable[str]) -> str:
    """A near miss's topic as an id of the file: "traffic-fine" is "traffic-fines", and "divorce"
    is "divorce-procedure" when that is the one known topic it begins."""
    known = set(known)
    slug = str(raw or "misc").strip().lower().replace("_", "-").replace(" ", "-")
    for alt in (slug, slug + "s", slug[:-1] if slug.endswith("s") else slug):
        if alt in known:
            return alt
    longer = [k for k in known if k.startswith(slug + "-")]
    return longer[0] if len(longer) == 1 else slug


def merge_near_misses(
    topics: list[PrototypeTopic], rows: Iterable[dict[str, Any]], area_of: Callable[[str], str]
) -> tuple[int, int, list[PrototypeTopic]]:
    """Add each near miss to its topic (new topics go after the others). Returns the questions
    added, how many of them joined an existing topic, and the new topics."""
    by_id = {t.id: t for t in topics}
    new: dict[str, PrototypeTopic] = {}
    added = joined = 0
    for row in rows:
        if not row.get("out_of_scope"):
            continue
        slug = topic_slug(row.get("topic"), [*by_id, *new])
        if slug in ENTRY_SUBJECT_TOPICS:
            continue
        topic = by_id.get(slug) or new.setdefault(slug, PrototypeTopic(slug, None))
        texts = topic.questions.setdefault(str(row["lang"]), [])
        if row["q"] in texts:
            continue
        texts.append(str(row["q"]))
        added += 1
        joined += slug in by_id
    for topic in new.values():
        areas = Counter(area_of(q) for texts in topic.questions.values() for q in texts)
        topic.area = areas.most_common(1)[0][0]
    topics.extend(new.values())
    return added, joined, list(new.values())


def read_prototypes(path: Path) -> tuple[str, list[PrototypeTopic]]:
    """The file's header (comments up to and including "topics:") and its topics."""
    text = path.read_text(encoding="utf-8")
    header = text[: text.index(_TOPICS_KEY) + len(_TOPICS_KEY)]
    data = yaml.safe_load(text) or {}
    topics = [PrototypeTopic(t["id"], t.get("area"), dict(t.get("questions") or {})) for t in data.get("topics", [])]
    return header, topics


def render_prototypes(header: str, topics: Sequence[PrototypeTopic]) -> str:
    out = [header]
    for t in topics:
        out.append(f"  - id: {t.id}\n    area: {t.area}\n    questions:\n")
        for lang in ("kk", "ru", "en"):
            if t.questions.get(lang):
                out.append(f"      {lang}:\n")
                out += [f"        - {json.dumps(q, ensure_ascii=False)}\n" for q in t.questions[lang]]
    return "".join(out)


def _service(content_dir: Path) -> AnswerService:
    return engine_service(load_content(content_dir), load_out_of_scope(content_dir))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fitdata", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["examples", "near-misses"])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="edit the content files (default: report only)")
    parser.add_argument("--content", type=Path, default=CONTENT)
    args = parser.parse_args(argv)
    refuse_held_out(args.sets)
    held = held_out_lines()
    rows = [r for path in args.sets for r in read_jsonl(path)]
    print(f"{sum(r['q'] in held for r in rows)} lines a held-out set also has: skipped")
    rows = [r for r in rows if r["q"] not in held]
    service = _service(args.content)
    if args.action == "examples":
        placements = place_examples(rows, service)
        print("placements:", dict(Counter(p.how for p in placements)))
        if args.write:
            print("example questions added:", insert_examples(args.content, placements))
        return 0
    vocab = service.index.vocab

    def area_of(q: str) -> str:
        area = route(analyze(q, vocab).tokens)
        return area.id if area is not None else "other"

    path = args.content / OUT_OF_SCOPE_FILE
    header, topics = read_prototypes(path)
    added, joined, new = merge_near_misses(topics, rows, area_of)
    # Written before the report is printed: a closed pipe (`| head`) must not lose the edit.
    if args.write:
        path.write_text(render_prototypes(header, topics), encoding="utf-8")
    print(f"near misses: {added} questions, {joined} into existing topics, {len(new)} new topics")
    for topic in new:
        print(f"  new topic {topic.id} ({topic.area}): {sum(len(v) for v in topic.questions.values())} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
