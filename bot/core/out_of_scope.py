"""Questions the content does not answer, as data: the engine's negative examples.

Operators keep ``content/_out_of_scope.yaml``: topics a citizen asks a legal bot about that the
curated entries do not cover (divorce, overtime pay, car insurance, a benefit amount for a year
the report does not give ...), each with example questions per language and the legal area it
belongs to. They are indexed beside the entries as negative prototypes: the matcher reports how
close a message is to the nearest of them, the calibrated decision weighs that against the best
entry (a question nearer to "overtime pay" than to any entry is not answered with the minimum
wage entry), and the fallback routes by the area of the nearest one. They are never answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.lang import Lang

# Index ids of out-of-scope prototypes start with this (entry ids are kebab-case words).
PROTOTYPE_PREFIX = "~"
PROTOTYPE_TOPIC = "~out-of-scope"


@dataclass(frozen=True, slots=True)
class OutOfScopeTopic:
    id: str
    area: str | None  # a routing area id (``bot.core.routing.AREAS``), None: not a legal area
    questions: Mapping[Lang, tuple[str, ...]]


def prototype_id(topic_id: str) -> str:
    return PROTOTYPE_PREFIX + topic_id


def is_prototype(entry_id: str) -> bool:
    return entry_id.startswith(PROTOTYPE_PREFIX)
