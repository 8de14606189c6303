"""Entry → Reply: title, answer, helplines, source and date lines, related entries."""

from __future__ import annotations

from bot.core.content import REPORT_REF, Catalog, Entry, Source
from bot.core.helplines import helplines_line
from bot.core.lang import Lang
from bot.core.reply import Reply, ReplyKind, Suggestion
from bot.core.texts import PARA_MANY, PARA_ONE, REPORT_NAME, SOURCE_LABEL, VALID_LABEL


def _source_label(src: Source, lang: Lang) -> str:
    label = src.label.get(lang)
    if label:
        return label
    if src.ref == REPORT_REF:
        return REPORT_NAME[lang]
    return src.ref


def source_line(entry: Entry, lang: Lang) -> str:
    """"Source: ICESCR report of Kazakhstan, paras 86, 293; Social Code" in the reply language."""
    report_paras = [s.para for s in entry.sources if s.ref == REPORT_REF and s.para is not None]
    parts: list[str] = []
    if report_paras:
        paras = sorted(set(report_paras))
        if len(paras) == 1:
            where = PARA_ONE[lang].format(n=paras[0])
        else:
            where = PARA_MANY[lang].format(ns=", ".join(str(p) for p in paras))
        parts.append(f"{REPORT_NAME[lang]}, {where}")
    for src in entry.sources:
        if src.ref == REPORT_REF:
            continue
        text = _source_label(src, lang)
        if src.para is not None:
            text = f"{text}, {PARA_ONE[lang].format(n=src.para)}"
        if text not in parts:
            parts.append(text)
    return f"{SOURCE_LABEL[lang]}: " + "; ".join(parts)


def valid_line(entry: Entry, lang: Lang) -> str:
    return VALID_LABEL[lang].format(date=entry.valid_as_of.isoformat())


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
