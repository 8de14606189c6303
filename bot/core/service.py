"""The answering engine: one message in, one Reply out. Pure, synchronous, fast.

Flow: analyse (normalise, choose the reading, detect the language) → crisis check → TSA
household pre-check → match (per question when a message asks several) → decide (answer,
clarify or fallback by calibrated thresholds) → compose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.core.analyze import Analysis, analyze
from bot.core.arithmetic import is_arithmetic
from bot.core.calibration import Calibration
from bot.core.compose import entries_reply, entry_reply, sources_text, suggestion
from bot.core.content import REPORT_REF, Catalog, Entry, Source
from bot.core.crisis import is_crisis
from bot.core.decide import Decision, DecisionKind, decide, is_near_miss
from bot.core.helplines import directory_lines, helplines_line
from bot.core.i18n import gettext
from bot.core.index import Index
from bot.core.jurisdiction import foreign_subject
from bot.core.lang import DEFAULT_LANG, Lang
from bot.core.matcher import Matcher, MatchResult
from bot.core.multi import split_questions
from bot.core.normalize import clean, fold, words
from bot.core.out_of_scope import OutOfScopeTopic
from bot.core.reply import Reply, ReplyKind, Suggestion
from bot.core.routing import HANDLER_NUMBERS, HANDLER_PARAS, Area, area_by_id, handler_text, route
from bot.core.smalltalk import SmallTalk, small_talk
from bot.core.stem import stem
from bot.core.translit import latin_to_cyrillic
from bot.core.tsa import MAX_HOUSEHOLD, TsaParams, parse_household, tsa_text

__all__ = ["AnswerService", "TsaParams"]

MAX_MESSAGE_CHARS = 2000
# Questions of one message answered in one reply (more become buttons: the reply stays readable).
MAX_JOINED = 2


@dataclass(frozen=True, slots=True)
class _Part:
    analysis: Analysis
    result: MatchResult
    decision: Decision


class AnswerService:
    """Answers citizens' questions from the catalog; build once, call from any thread."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        tsa: TsaParams,
        calibration: Calibration | None = None,
        out_of_scope: Sequence[OutOfScopeTopic] = (),
    ) -> None:
        self.catalog = catalog
        self.tsa = tsa
        self.calibration = calibration or Calibration()
        self.index = Index(catalog, out_of_scope)
        # The build filled the stem cache with every word of the content; questions need few.
        stem.cache_clear()
        self.matcher = Matcher(self.index)
        self._entries: Mapping[str, Entry] = catalog.by_id
        self._crisis_topics = frozenset(t.id for t in catalog.topics if t.kind == "crisis")
        self._tsa_topics = frozenset(t.id for t in catalog.topics if t.kind == "tsa")

    # --- languages ------------------------------------------------------------------------

    def detect_lang(self, text: str, user_lang: Lang | None = None) -> Lang:
        return self._lang(analyze(text[:MAX_MESSAGE_CHARS], self.index.vocab, user_lang), user_lang)

    @staticmethod
    def _lang(analysis: Analysis, user_lang: Lang | None) -> Lang:
        if analysis.lang is not None:
            return analysis.lang
        if user_lang is not None:
            return user_lang
        if analysis.tokens and all(t.isascii() for t in analysis.tokens if not t.isdigit()) and any(
            not t.isdigit() for t in analysis.tokens
        ):
            return Lang.EN
        return DEFAULT_LANG

    # --- answering -------------------------------------------------------------------------

    def answer(self, text: str, user_lang: Lang | None = None) -> Reply:
        text = (text or "")[:MAX_MESSAGE_CHARS]
        whole = analyze(text, self.index.vocab, user_lang)
        lang = self._lang(whole, user_lang)
        folded = whole.text

        if is_crisis(folded):
            return self._crisis_reply(whole, lang)

        talk = small_talk(self._readings(text, whole))
        if talk is not None:
            return self._small_talk_reply(talk, talk.lang or lang)

        household = parse_household(folded)
        if household is not None:
            return self._tsa_reply(household[0], household[1], lang, whole)

        if foreign_subject(folded) or is_arithmetic(text):
            # The content is Kazakhstan's law only: another country's rules are out of scope,
            # and so is a sum to work out (homework), whatever numbers it shares with an entry.
            return self.fallback_reply(lang)

        part = self._match(whole)
        parts = split_questions(text)
        if len(parts) > 1:
            multi = self._multi(parts, part, lang)
            if multi is not None:
                return multi
        return self._reply_for(part, lang)

    def _match(self, analysis: Analysis) -> _Part:
        result = self.matcher.match(analysis.tokens)
        return _Part(analysis, result, decide(result, self.calibration))

    def _multi(self, texts: list[str], whole: _Part, lang: Lang) -> Reply | None:
        answered: list[_Part] = []
        seen: set[str] = set()
        refused = False
        for t in texts:
            p = self._match(analyze(t, self.index.vocab, lang))
            refused |= p.decision.kind is DecisionKind.FALLBACK and is_near_miss(p.result, self.calibration)
            if p.decision.kind is DecisionKind.ANSWER and p.decision.entry_id not in seen:
                assert p.decision.entry_id is not None
                seen.add(p.decision.entry_id)
                answered.append(p)
        if len(answered) < 2:
            # One part answered where the whole message is not: answer it only when no other
            # part is a near miss (a question the content does not cover). "My sister is in a
            # crisis centre. How many days can she stay?" asks the second; the first only sets
            # the scene. A part refused only as vague ("and what can this money be spent on")
            # does not stop it.
            if whole.decision.kind is not DecisionKind.ANSWER and answered and not refused:
                return self._reply_for(answered[0], lang)
            return None
        # The first question asked is answered first (parts keep the message's order); the
        # others become buttons. Further questions the engine is sure of (no close runner-up)
        # are also answered in the same reply, up to MAX_JOINED in all, and keep their button
        # (the entry on its own, with its feedback and related links). A hedged first answer
        # stays alone.
        best, rest = answered[0], answered[1:]
        buttons = tuple(suggestion(self._entries[p.decision.entry_id], lang) for p in rest if p.decision.entry_id)
        sure = [] if best.decision.options else [p for p in rest if not p.decision.options][: MAX_JOINED - 1]
        if not sure:
            return self._reply_for(best, lang, suggestions=buttons)
        parts = (best, *sure)
        entries = [self._entries[p.decision.entry_id] for p in parts if p.decision.entry_id]
        confidence = min(p.decision.confidence for p in parts)
        reply = entries_reply(entries, self.catalog, lang, confidence=confidence, suggestions=buttons)
        if len(rest) > len(sure):  # questions answered only by their buttons
            reply = replace(reply, body=reply.body + "\n\n" + gettext("reply.more_questions", lang))
        return reply

    def _reply_for(self, part: _Part, lang: Lang, *, suggestions: tuple[Suggestion, ...] = ()) -> Reply:
        d = part.decision
        if d.kind is DecisionKind.ANSWER and d.entry_id is not None:
            entry = self._entries[d.entry_id]
            note = gettext("reply.more_questions", lang) if suggestions else None
            if not suggestions and d.options:
                # A hedged answer: the close runner-ups go next to it as buttons.
                suggestions = tuple(suggestion(self._entries[i], lang) for i in d.options)
                note = gettext("reply.see_also", lang) + "\n" + "\n".join(f"• {s.title}" for s in suggestions)
            reply = entry_reply(entry, self.catalog, lang, confidence=d.confidence, suggestions=suggestions)
            return replace(reply, body=f"{reply.body}\n\n{note}") if note else reply
        if d.kind is DecisionKind.CLARIFY and d.options:
            opts = tuple(suggestion(self._entries[i], lang) for i in d.options)
            listed = "\n".join(f"• {s.title}" for s in opts)
            if d.figure_unstated or d.programme_unnamed or d.year_unnamed:
                # "How much is ...": the entry is on the subject but gives no such figure; or it
                # describes other programmes than the one named, or not the year asked about.
                head = (
                    "clarify.unnamed_head"
                    if d.programme_unnamed
                    else "clarify.year_head"
                    if d.year_unnamed
                    else "clarify.unstated_head"
                )
                body = gettext(head, lang) + "\n" + listed
                helplines = helplines_line(("1414", "119"), lang)
            else:
                body = gettext("clarify.head", lang) + "\n" + listed + "\n\n" + gettext("clarify.tail", lang)
                helplines = None
            return Reply(
                kind=ReplyKind.CLARIFY,
                lang=lang,
                body=body,
                confidence=d.confidence,
                suggestions=opts,
                helplines_line=helplines,
            )
        return self.fallback_reply(lang, confidence=d.confidence, area=self._area(part))

    def _area(self, part: _Part) -> Area | None:
        """The legal area of an unanswered question: named by its words, else that of the
        nearest out-of-scope prototype when it is nearer than any entry."""
        named = route(part.analysis.tokens)
        if named is not None:
            return named
        proto, best = part.result.prototype, part.result.best
        if proto is None or (best is not None and best.score >= proto.score):
            return None
        return area_by_id(self.index.prototype_areas.get(proto.entry_id))

    def fallback_reply(self, lang: Lang, *, confidence: float = 0.0, area: Area | None = None) -> Reply:
        """"I have no verified answer": when the question names a legal area, the reply names it
        and who handles such questions, with the report's paragraphs as its source."""
        if area is None:
            return Reply(
                kind=ReplyKind.FALLBACK,
                lang=lang,
                title=gettext("fallback.title", lang),
                body=gettext("fallback.body", lang),
                confidence=confidence,
                helplines_line=helplines_line(("1414", "119"), lang),
            )
        handler = area.handler
        return Reply(
            kind=ReplyKind.FALLBACK,
            lang=lang,
            title=gettext("fallback.title", lang),
            body=gettext("fallback.routed", lang, area=area.name(lang)) + "\n" + handler_text(handler, lang),
            confidence=confidence,
            helplines_line=helplines_line(HANDLER_NUMBERS[handler], lang),
            source_line=sources_text([Source(ref=REPORT_REF, para=p) for p in HANDLER_PARAS[handler]], lang),
            extra={"area": area.id},
        )

    # --- small talk ----------------------------------------------------------------------------

    @staticmethod
    def _readings(text: str, analysis: Analysis) -> list[tuple[str, ...]]:
        """The analysis's tokens, and a Latin message as written and transliterated."""
        readings = [analysis.tokens]
        raw = words(fold(clean(text)))
        if raw and all(w.isascii() for w in raw):
            readings.append(tuple(raw))
            readings.append(tuple(words(fold(latin_to_cyrillic(" ".join(raw))))))
        return readings

    def _small_talk_reply(self, talk: SmallTalk, lang: Lang) -> Reply:
        body = gettext(f"smalltalk.{talk.kind.value}", lang)
        return Reply(kind=ReplyKind.SMALLTALK, lang=lang, body=body, confidence=1.0)

    # --- crisis ------------------------------------------------------------------------------

    def _crisis_entry(self, analysis: Analysis) -> Entry | None:
        if self._crisis_topics:
            result = self.matcher.match(analysis.tokens, restrict_topics=self._crisis_topics)
            best = result.best
            if best is not None and best.score > 0.15:
                return self._entries[best.entry_id]
        for e in self.catalog.entries:
            if e.kind == "crisis":
                return e
        for e in self.catalog.entries:
            if e.topic in self._crisis_topics:
                return e
        return None

    def _crisis_reply(self, analysis: Analysis, lang: Lang) -> Reply:
        entry = self._crisis_entry(analysis)
        if entry is None:
            return Reply(kind=ReplyKind.CRISIS, lang=lang, body=gettext("crisis.body", lang), helplines_line=(
                helplines_line(("112", "102", "150", "103"), lang)))
        reply = entry_reply(
            entry,
            self.catalog,
            lang,
            confidence=1.0,
            kind=ReplyKind.CRISIS,
            title=gettext("crisis.body", lang),
            body_prefix=entry.title.get(lang),
        )
        return reply

    # --- TSA -----------------------------------------------------------------------------------

    def tsa_check(self, household_size: int, monthly_income: int, lang: Lang) -> Reply:
        if household_size < 1 or household_size > MAX_HOUSEHOLD or monthly_income < 0:
            return Reply(
                kind=ReplyKind.CLARIFY, lang=lang, title=gettext("tsa.title", lang), body=gettext("tsa.bad_input", lang)
            )
        body = tsa_text(self.tsa, household_size, monthly_income, lang)
        entry = self._tsa_entry(None)
        return Reply(
            kind=ReplyKind.ANSWER,
            lang=lang,
            title=gettext("tsa.title", lang),
            body=body,
            entry_id=entry.id if entry else None,
            confidence=1.0,
            helplines_line=helplines_line(("1414",), lang),
            related=(suggestion(entry, lang),) if entry else (),
        )

    def _tsa_entry(self, analysis: Analysis | None) -> Entry | None:
        if not self._tsa_topics:
            return None
        tokens: tuple[str, ...] = analysis.tokens if analysis else ()
        tokens = (*tokens, "адресная", "социальная", "помощь", "доход", "право", "eligibility", "income")
        best = self.matcher.match(tokens, restrict_topics=self._tsa_topics).best
        return self._entries[best.entry_id] if best else None

    def _tsa_reply(self, size: int, income: int, lang: Lang, analysis: Analysis) -> Reply:
        entry = self._tsa_entry(analysis)
        check = tsa_text(self.tsa, size, income, lang)
        if entry is None:
            return self.tsa_check(size, income, lang)
        title = gettext("tsa.title", lang)
        return entry_reply(entry, self.catalog, lang, confidence=1.0, title=title, body_prefix=check)

    # --- browsing --------------------------------------------------------------------------

    def entry_reply(self, entry_id: str, lang: Lang) -> Reply | None:
        entry = self._entries.get(entry_id)
        if entry is None:
            return None
        return entry_reply(entry, self.catalog, lang)

    def topics(self, lang: Lang) -> list[tuple[str, str]]:
        have = {e.topic for e in self.catalog.entries}
        return [(t.id, t.title.get(lang)) for t in self.catalog.topics if t.id in have]

    def topic_entries(self, topic_id: str, lang: Lang) -> list[Suggestion]:
        return [suggestion(e, lang) for e in self.catalog.entries if e.topic == topic_id]

    def helplines_reply(self, lang: Lang) -> Reply:
        return Reply(
            kind=ReplyKind.ANSWER,
            lang=lang,
            title=gettext("helplines.title", lang),
            body="\n".join(directory_lines(lang)),
            confidence=1.0,
        )
