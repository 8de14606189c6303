"""Group similar unanswered questions so operators see what content is missing.

Pure and synchronous. Wordings are normalised and exact duplicates merged first (most real
traffic repeats), then the distinct wordings are embedded as TF-IDF vectors of character
n-grams (robust to Kazakh/Russian inflection and typos) and joined by average-linkage
hierarchical clustering with a cosine-similarity threshold. Each cluster is labelled with
its most frequent wording; clusters are ordered by how many questions they hold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.core.ports import UnansweredCluster

# Two wordings belong together when their average cosine similarity is at least this.
DEFAULT_SIMILARITY = 0.4
# The hierarchical step is quadratic in memory; rarer wordings beyond this are left out.
MAX_DISTINCT = 2500
MAX_EXAMPLES = 3

_PLACEHOLDER = re.compile(r"\[(?:IIN|PHONE|CARD|EMAIL|DOC)\]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(text: str) -> str:
    """Casefold, drop punctuation and redaction placeholders, collapse whitespace."""
    text = _PLACEHOLDER.sub(" ", text).casefold().replace("ё", "е")
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass
class _Group:
    key: str
    count: int = 0
    wordings: Counter[str] = field(default_factory=Counter)


def _merge_duplicates(items: Iterable[tuple[str, int]]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for text, count in items:
        if count <= 0 or not text.strip():
            continue
        key = normalize(text) or text.strip()
        group = groups.setdefault(key, _Group(key))
        group.count += count
        group.wordings[" ".join(text.split())] += count
    return sorted(groups.values(), key=lambda g: (-g.count, g.key))


def _labels(keys: Sequence[str], similarity: float) -> list[int]:
    """Cluster ids for each key (same id = same cluster)."""
    if len(keys) == 1:
        return [0]
    # Imported here: the numeric stack is heavy and only operators' reports need it.
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(keys)
    sim = (vectors @ vectors.T).toarray().astype(np.float64)
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    ids = fcluster(tree, t=1.0 - similarity, criterion="distance")
    return [int(i) for i in ids]


def cluster_ids(keys: Sequence[str], similarity: float = DEFAULT_SIMILARITY) -> list[int]:
    """For each wording, the id of its cluster by spelling (same id = same cluster)."""
    if not keys:
        return []
    return _labels([normalize(k) or k for k in keys], similarity)


def cluster_texts(
    items: Iterable[tuple[str, int]],
    *,
    similarity: float = DEFAULT_SIMILARITY,
    limit: int | None = None,
    max_examples: int = MAX_EXAMPLES,
    max_distinct: int = MAX_DISTINCT,
) -> list[UnansweredCluster]:
    """Cluster ``(wording, count)`` pairs; the biggest clusters first.

    ``label`` is the most frequent wording of the cluster, ``examples`` up to
    ``max_examples`` other distinct wordings (most frequent first), ``count`` the number of
    questions (not wordings) in the cluster.
    """
    groups = _merge_duplicates(items)[:max_distinct]
    if not groups:
        return []
    ids = _labels([g.key for g in groups], similarity)
    members: dict[int, list[_Group]] = {}
    for group, cid in zip(groups, ids, strict=True):
        members.setdefault(cid, []).append(group)
    clusters: list[UnansweredCluster] = []
    for cgroups in members.values():
        wordings: Counter[str] = Counter()
        for g in cgroups:
            wordings.update(g.wordings)
        ranked = [w for w, _ in sorted(wordings.items(), key=lambda kv: (-kv[1], kv[0]))]
        label = ranked[0]
        seen = {normalize(label)}
        examples: list[str] = []
        for wording in ranked[1:]:
            key = normalize(wording)
            if key in seen:
                continue
            seen.add(key)
            examples.append(wording)
            if len(examples) >= max_examples:
                break
        clusters.append(
            UnansweredCluster(label=label, count=sum(g.count for g in cgroups), examples=tuple(examples))
        )
    clusters.sort(key=lambda c: (-c.count, c.label))
    return clusters[:limit] if limit is not None else clusters
