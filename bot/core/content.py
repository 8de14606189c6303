"""The content model: curated entries on rights and entitlements, in kk/ru/en.

Entries are data (``content/*.yaml``); this module only defines and checks their shape.
Loading files is I/O and lives in ``bot.content``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.core.lang import LANGS, Lang

REPORT_REF = "ICESCR report of Kazakhstan"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=48)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class PerLang(BaseModel):
    """One text per language; all three are required."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kk: NonEmpty
    ru: NonEmpty
    en: NonEmpty

    def get(self, lang: Lang) -> str:
        return str(getattr(self, lang.value))


class PerLangList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kk: list[NonEmpty] = Field(default_factory=list)
    ru: list[NonEmpty] = Field(default_factory=list)
    en: list[NonEmpty] = Field(default_factory=list)

    def get(self, lang: Lang) -> list[str]:
        return list(getattr(self, lang.value))


class Source(BaseModel):
    """A citation: a paragraph of the reference report and/or a law and article it names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: NonEmpty = REPORT_REF
    para: int | None = Field(default=None, ge=1, le=520)
    # How the ref reads in each language (e.g. "Социальный кодекс, ст. 154"); English ref otherwise.
    label: dict[Lang, NonEmpty] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _report_needs_para(self) -> Source:
        if self.ref == REPORT_REF and self.para is None:
            raise ValueError("a citation of the report needs its paragraph number (para)")
        return self


class Translation(BaseModel):
    """Records which source-language text a translation was made from (staleness check)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Lang
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]


def text_hash(text: str) -> str:
    """Short, stable fingerprint of a text (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


# What the engine looks up by role rather than by id: the entry the crisis reply leads with
# (``crisis``, required: see REQUIRED_KINDS) and the helplines directory (``helplines``).
EntryKind = Literal["crisis", "helplines"]
# Topics the engine searches for a role: where crisis replies look first, where the TSA check is;
# "figures" holds statistics (how many pensioners), meant for questions that ask for a figure.
TopicKind = Literal["crisis", "tsa", "figures"]
REQUIRED_KINDS: tuple[EntryKind, ...] = ("crisis",)


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    topic: Slug
    kind: EntryKind | None = None
    title: PerLang
    questions: PerLangList
    answer: PerLang
    sources: list[Source] = Field(min_length=1)
    helplines: list[Annotated[str, StringConstraints(pattern=r"^[0-9]{3,4}$")]] = Field(default_factory=list)
    valid_as_of: date
    related: list[Slug] = Field(default_factory=list)
    keywords: PerLangList = Field(default_factory=PerLangList)
    # Per translated language: the language it was translated from and the hash of that text.
    translations: dict[Lang, Translation] = Field(default_factory=dict)

    @field_validator("valid_as_of")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value.year < 2015 or value > date(2100, 1, 1):
            raise ValueError(f"valid_as_of {value} is not a plausible date")
        return value

    @model_validator(mode="after")
    def _questions_in_every_language(self) -> Entry:
        for lang in LANGS:
            if not self.questions.get(lang):
                raise ValueError(f"questions.{lang.value}: at least one example question is required")
        return self

    def stale_translations(self) -> list[Lang]:
        """Languages whose answer was translated from a text that has changed since."""
        stale = []
        for lang, tr in self.translations.items():
            if text_hash(self.answer.get(tr.source)) != tr.hash:
                stale.append(lang)
        return stale


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    kind: TopicKind | None = None
    title: PerLang
    order: int = 100


NUMBER_RE = re.compile(r"\d+(?:[ \u00a0.,]\d+)*")


def numbers_in(text: str) -> set[str]:
    """The figures in a text, with separators removed ("85 000" -> "85000", "1,61" -> "161")."""
    return {re.sub(r"\D", "", m) for m in NUMBER_RE.findall(text)}


class ReadOnlyMap(Mapping[str, "Entry"]):
    """A read-only view of a dict that pickles, unlike ``MappingProxyType``: the engine is built in
    a child process and pickled over (bot.content.isolated)."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Entry]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Entry:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class Catalog(BaseModel):
    """All topics and entries, as loaded and validated."""

    model_config = ConfigDict(frozen=True)

    topics: list[Topic]
    entries: list[Entry]
    _by_id: Mapping[str, Entry] = PrivateAttr(default_factory=dict)
    _by_id_of: list[Entry] | None = PrivateAttr(default=None)

    @property
    def by_id(self) -> Mapping[str, Entry]:
        # Built once per entries list: answers look entries up by id on every reply (related
        # links, options). Keyed to the list itself, because ``model_copy(update={"entries":
        # ...})`` copies private attributes as they are and would keep a stale map.
        if self._by_id_of is not self.entries:
            self._by_id = ReadOnlyMap({e.id: e for e in self.entries})
            self._by_id_of = self.entries
        return self._by_id

    def entry(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)
