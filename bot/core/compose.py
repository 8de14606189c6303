"""Entry → Reply: title, answer, helplines, source and date lines, related entries."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.content import REPORT_REF, Catalog, Entry, Source
from bot.core.helplines import helplines_line
from bot.core.i18n import gettext
from bot.core.lang import Lang
from bot.core.reply import Reply, ReplyKind, Suggestion


def _source_label(src: Source, lang: Lang) -> str:
    label = src.label.get(lang)
    if label:
        return label
    if src.ref == REPORT_REF:
        return gettext("source.report_name", lang)
    return src.ref


def source_line(entry: Entry, lang: Lang) -> str:
    """"Source: ICESCR report of Kazakhstan, paras 86, 293; Social Code" in the reply language."""
    return sources_line((entry,), lang)


def sources_line(entries: Sequence[Entry], lang: Lang) -> str:
    """One source line for the entries of a reply: report paragraphs merged, other sources once."""
    return sources_text([s for entry in entries for s in entry.sources], lang)


def sources_text(sources: Sequence[Source], lang: Lang) -> str:
    """"Source: ..." for these sources: report paragraphs merged, other sources once."""
    report_paras = [s.para for s in sources if s.ref == REPORT_REF and s.para is not None]
    parts: list[str] = []
    if report_paras:
        paras = sorted(set(report_paras))
        if len(paras) == 1:
            where = gettext("source.para_one", lang, n=paras[0])
        else:
            where = gettext("source.para_many", lang, ns=", ".join(str(p) for p in paras))
        parts.append(gettext("source.report_name", lang) + ", " + where)
    for src in sources:
        if src.ref == REPORT_REF:
            continue
        text = _source_label(src, lang)
        if src.para is not None:
            text = text + ", " + gettext("source.para_one", lang, n=src.para)
        if text not in parts:
            parts.append(text)
    return gettext("source.label", lang) + ": " + "; ".join(parts)


def valid_line(entry: Entry, lang: Lang) -> str:
    return gettext("source.valid_as_of", lang, date=entry.valid_as_of.isoformat())


def suggestion(entry: Entry, lang: Lang) -> Suggestion:
    return Suggestion(entry.id, entry.title.get(lang))


def related(entry: Entry, catalog: Catalog, lang: Lang) -> tuple[Suggestion, ...]:
    out = []
    for rid in entry.related:
        other = catalog.entry(rid)
        if other is not None:
            out.append(suggestion(other, lang))
    return tuple(out)


def entry_reply(
    entry: Entry,
    catalog: Catalog,
    lang: Lang,
    *,
    confidence: float = 1.0,
    kind: ReplyKind = ReplyKind.ANSWER,
    title: str | None = None,
    body_prefix: str | None = None,
    suggestions: tuple[Suggestion, ...] = (),
) -> Reply:
    body = entry.answer.get(lang).strip()
    if body_prefix:
        body = f"{body_prefix}\n\n{body}"
    return Reply(
        kind=kind,
        lang=lang,
        body=body,
        title=title if title is not None else entry.title.get(lang),
        entry_id=entry.id,
        confidence=confidence,
        source_line=source_line(entry, lang),
        valid_as_of=entry.valid_as_of,
        valid_line=valid_line(entry, lang),
        helplines_line=helplines_line(entry.helplines, lang),
        suggestions=suggestions,
        related=related(entry, catalog, lang),
    )


def entries_reply(
    entries: Sequence[Entry],
    catalog: Catalog,
    lang: Lang,
    *,
    confidence: float,
    suggestions: tuple[Suggestion, ...] = (),
) -> Reply:
    """One reply answering several questions of one message: the first entry as usual, each
    further one under its own title inside the body; sources, helplines and the date merged
    (the oldest date, so the reply never claims to be fresher than any of its parts)."""
    first, others = entries[0], entries[1:]
    body = "\n\n".join(
        [first.answer.get(lang).strip()] + [f"{e.title.get(lang)}\n{e.answer.get(lang).strip()}" for e in others]
    )
    oldest = min(entries, key=lambda e: e.valid_as_of)
    return Reply(
        kind=ReplyKind.ANSWER,
        lang=lang,
        body=body,
        title=first.title.get(lang),
        entry_id=first.id,
        confidence=confidence,
        source_line=sources_line(entries, lang),
        valid_as_of=oldest.valid_as_of,
        valid_line=valid_line(oldest, lang),
        helplines_line=helplines_line([n for e in entries for n in e.helplines], lang),
        suggestions=suggestions,
        related=related(first, catalog, lang),
    )
