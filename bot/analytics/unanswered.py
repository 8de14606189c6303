"""Unanswered questions grouped by what they are about, across languages.

Spelling cannot group "Сколько штраф за превышение скорости?", "Жылдамдықты асырғаны үшін
айыппұл қанша?" and "What is the speeding fine?": the engine can. ``topic_of`` (built in the
composition root from the engine's matcher) names, for one wording, the nearest out-of-scope
prototype (``~traffic-fines``) or the nearest entry when it is close enough; that name does not
depend on the language, so the three phrasings form one cluster. Wordings the engine cannot
place are grouped by spelling (``bot.core.clustering``), as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.core.clustering import cluster_ids, normalize
from bot.core.ports import UnansweredCluster

if TYPE_CHECKING:
    from bot.core.service import AnswerService

# (wording, lang) -> a language-independent topic key, or None when the engine cannot place it.
TopicOf = Callable[[str, str], "str | None"]
EXAMPLES_PER_LANG = 3
LANGS = ("kk", "ru", "en")


@dataclass(frozen=True)
class TopicCluster(UnansweredCluster):
    """Unanswered questions about one thing, in every language they were asked in."""

    key: str = ""  # "~prototype-id", "entry-id", or "" (grouped by spelling)
    by_lang: dict[str, int] = field(default_factory=dict)
    examples_by_lang: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Every distinct wording with its language and count, most frequent first (for drafts).
    questions: tuple[tuple[str, str, int], ...] = ()


def _cluster(key: str, items: Sequence[tuple[str, str, int]], lang: str | None) -> TopicCluster:
    by_lang: Counter[str] = Counter()
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    for text, lng, n in items:
        by_lang[lng] += n
        wordings[lng][" ".join(text.split())] += n
    ranked: dict[str, list[str]] = {}
    for lng, counts in wordings.items():
        seen: set[str] = set()
        ranked[lng] = []
        for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if normalize(w) not in seen:
                seen.add(normalize(w))
                ranked[lng].append(w)
    order = sorted(by_lang, key=lambda lng: (lng != lang, -by_lang[lng], lng))
    label = ranked[order[0]][0]
    seen = {normalize(label)}
    picked: list[str] = []
    for w in (w for lng in order for w in ranked[lng]):
        if normalize(w) not in seen and len(picked) < EXAMPLES_PER_LANG:
            seen.add(normalize(w))
            picked.append(w)
    examples = tuple(picked)
    questions = tuple(
        sorted(((w, lng, n) for lng, counts in wordings.items() for w, n in counts.items()), key=lambda q: (-q[2], q[0]))
    )
    return TopicCluster(
        label=label,
        count=sum(by_lang.values()),
        examples=examples,
        key=key,
        by_lang={lng: by_lang[lng] for lng in sorted(by_lang, key=lambda x: (LANGS.index(x) if x in LANGS else 9, x))},
        examples_by_lang={lng: tuple(ws[:EXAMPLES_PER_LANG]) for lng, ws in ranked.items()},
        questions=questions,
    )


def cluster_unanswered(
    items: Sequence[tuple[str, str, int]],
    topic_of: TopicOf | None = None,
    *,
    lang: str | None = None,
    limit: int | None = None,
) -> list[TopicCluster]:
    """Group ``(wording, lang, count)`` by the engine's topic, the rest by spelling; biggest first.

    ``lang`` is the report's language: a cluster's label is its most frequent wording in it
    when there is one."""
    keyed: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    rest: list[tuple[str, str, int]] = []
    for text, lng, n in items:
        if n <= 0 or not text.strip():
            continue
        key = topic_of(text, lng) if topic_of is not None else None
        if key:
            keyed[key].append((text, lng, n))
        else:
            rest.append((text, lng, n))
    clusters = [_cluster(key, group, lang) for key, group in keyed.items()]
    if rest:
        by_spelling: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for item, cid in zip(rest, cluster_ids([t for t, _, _ in rest]), strict=True):
            by_spelling[cid].append(item)
        clusters += [_cluster("", group, lang) for group in by_spelling.values()]
    clusters.sort(key=lambda c: (-c.count, c.label))
    return clusters[:limit] if limit is not None else clusters


def plain_clusters(clusters: Sequence[UnansweredCluster]) -> list[TopicCluster]:
    """Clusters from a store's spelling-only ``unanswered`` (no languages known)."""
    return [TopicCluster(label=c.label, count=c.count, examples=c.examples) for c in clusters]


# How close the nearest prototype or entry must be to name a wording's topic (cosine-like
# scores of the matcher): below, the wording is grouped by spelling instead.
PROTOTYPE_MIN = 0.4
ENTRY_MIN = 0.45


def engine_topic_of(service: AnswerService) -> TopicOf:
    """``topic_of`` from the engine: the nearest out-of-scope prototype or entry, when near enough."""
    from bot.core.analyze import analyze
    from bot.core.lang import parse_lang

    def topic_of(text: str, lang: str) -> str | None:
        analysis = analyze(text, service.index.vocab, parse_lang(lang))
        result = service.matcher.match(analysis.tokens)
        picks = []
        if result.prototype is not None and result.prototype.score >= PROTOTYPE_MIN:
            picks.append(result.prototype)
        if result.best is not None and result.best.score >= ENTRY_MIN:
            picks.append(result.best)
        return max(picks, key=lambda c: c.score).entry_id if picks else None

    return topic_of
