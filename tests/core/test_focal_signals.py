"""What is asked, not just what overlaps: the signals the calibrated decision weighs.

* the nearest out-of-scope prototype is scored beside the entries and never answered;
* words the chosen entry does not use (known elsewhere / unknown to the content) and a year the
  entry never mentions are measured per candidate;
* word by word, how much more a query word is asked in near misses than in the entries'
  questions, and the strongest word the nearest prototype uses and the best entry does not.
"""

from __future__ import annotations

from pathlib import Path

from bot.app import build_service
from bot.config import Settings
from bot.core.analyze import analyze
from bot.core.calibration import CONF_FEATURES, confidence_inputs
from bot.core.i18n import gettext
from bot.core.index import Index, names_code, number_codes, year_spans
from bot.core.lang import Lang
from bot.core.matcher import FEATURES, Matcher
from bot.core.out_of_scope import OutOfScopeTopic, is_prototype
from bot.core.reply import ReplyKind
from tests.core.engine_catalog import catalog

CONTENT = Path(__file__).resolve().parents[2] / "content"

PROTOTYPES = [
    OutOfScopeTopic(
        "overtime-pay",
        "labour",
        {
            Lang.RU: ("сколько платят за сверхурочную работу", "сверхурочные оплата"),
            Lang.EN: ("how is overtime paid", "overtime pay rate"),
        },
    )
]


def _match(matcher: Matcher, text: str):  # type: ignore[no-untyped-def]
    return matcher.match(analyze(text, matcher.index.vocab).tokens)


def test_prototypes_are_scored_apart_and_never_candidates() -> None:
    index = Index(catalog(), PROTOTYPES)
    assert index.n_entries == len(catalog().entries)
    result = _match(Matcher(index), "overtime pay rate how much")
    assert result.prototype is not None and is_prototype(result.prototype.entry_id)
    assert all(not is_prototype(c.entry_id) for c in result.candidates)
    # Nearer to the prototype than to any entry: the gap the decision reads is negative.
    gap = confidence_inputs(result)[CONF_FEATURES.index("proto_gap")]
    assert gap < 0


def test_a_topic_an_entry_of_the_same_id_answers_is_no_longer_a_prototype() -> None:
    """An operator published a draft from the topic's unanswered questions (``content draft``):
    the entry answers them now, so they are no longer near misses."""
    published = OutOfScopeTopic("pension-retirement-age", "benefits", {Lang.EN: ("when can i retire",)})
    index = Index(catalog(), [*PROTOTYPES, published])
    assert index.entry_ids[index.n_entries :] == ["~overtime-pay"]


def test_an_entry_question_stays_nearer_to_its_entry() -> None:
    result = _match(Matcher(Index(catalog(), PROTOTYPES)), "when can I retire, what is the retirement age")
    assert result.best is not None and result.best.entry_id == "pension-retirement-age"
    assert confidence_inputs(result)[CONF_FEATURES.index("proto_gap")] > 0


def test_without_prototypes_the_prototype_inputs_are_zero() -> None:
    result = _match(Matcher(Index(catalog())), "when can I retire")
    assert result.prototype is None
    inputs = confidence_inputs(result)
    assert inputs[CONF_FEATURES.index("proto_score")] == 0.0
    assert inputs[CONF_FEATURES.index("proto_cov")] == 0.0


def test_a_year_the_entry_never_mentions_is_flagged() -> None:
    matcher = Matcher(Index(catalog()))
    year = FEATURES.index("year_miss")
    asked = _match(matcher, "retirement age for women in 2031")
    plain = _match(matcher, "retirement age for women")
    assert asked.best is not None and asked.best.features[year] == 1.0
    assert plain.best is not None and plain.best.features[year] == 0.0


def test_a_word_the_content_never_uses_is_measured() -> None:
    matcher = Matcher(Index(catalog()))
    unknown = FEATURES.index("miss_unknown")
    odd = _match(matcher, "retirement age for astronauts")
    plain = _match(matcher, "retirement age for women")
    assert odd.best is not None and plain.best is not None
    assert odd.best.features[unknown] > plain.best.features[unknown]


def test_a_word_asked_only_in_near_misses_pulls_the_word_evidence_down() -> None:
    matcher = Matcher(Index(catalog(), PROTOTYPES))
    low, mean = CONF_FEATURES.index("near_word_min"), CONF_FEATURES.index("near_word_mean")
    near = confidence_inputs(_match(matcher, "overtime pay at retirement age"))
    plain = confidence_inputs(_match(matcher, "what is the retirement age"))
    assert near[low] == -1.0 and plain[low] > near[low]
    assert near[mean] < plain[mean]


def test_the_prototype_explains_a_word_the_best_entry_does_not_use() -> None:
    matcher = Matcher(Index(catalog(), PROTOTYPES))
    explains = CONF_FEATURES.index("proto_explains")
    near = _match(matcher, "overtime rate for people of retirement age")
    assert near.best is not None and near.best.entry_id == "pension-retirement-age"
    assert confidence_inputs(near)[explains] > 0
    assert confidence_inputs(_match(matcher, "when can I retire"))[explains] == 0.0


def test_without_prototypes_the_word_evidence_is_zero() -> None:
    result = _match(Matcher(Index(catalog())), "overtime pay at retirement age")
    assert result.near_words == (0.0, 0.0, 0.0)


def test_number_codes_are_runs_of_short_numbers() -> None:
    assert number_codes(["ипотека", "2", "10", "20", "условия"]) == {"2-10-20"}
    assert number_codes(["7", "20", "25"]) == {"7-20-25"}
    # Two numbers, a year or a long number are no code.
    assert number_codes(["10", "20"]) == frozenset()
    assert number_codes(["2024", "10", "20"]) == frozenset()
    codes = frozenset({"2-10-20-2", "5-10-20"})
    assert names_code("2-10-20", codes) and names_code("5-10-20", codes)
    assert not names_code("7-20-25", codes) and not names_code("10-20-2", frozenset({"5-10-20"}))


def test_a_programme_code_the_entry_never_names_is_flagged_like_a_year() -> None:
    """"The 7-20-25 mortgage" is another programme than the entry's "2-10-20"."""
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    year = FEATURES.index("year_miss")
    for text, flagged in (("условия ипотеки 7-20-25", 1.0), ("условия ипотеки 2-10-20", 0.0)):
        result = service.matcher.match(analyze(text, service.index.vocab).tokens)
        mortgage = next(c for c in result.candidates if c.entry_id == "housing-mortgage")
        assert mortgage.features[year] == flagged
    assert service.answer("условия ипотеки 7-20-25").entry_id is None
    assert service.answer("условия ипотеки 2-10-20").entry_id == "housing-mortgage"


def test_a_programme_code_the_entry_never_names_is_never_answered() -> None:
    """However well the rest matches, another programme's code is a near miss: the reply says
    it has nothing verified on that programme and offers the ones the content describes."""
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    text = "what interest rate and down payment does the 7-20-25 mortgage have"
    result = service.matcher.match(analyze(text, service.index.vocab).tokens)
    assert result.code_miss
    reply = service.answer(text)
    assert reply.entry_id is None
    assert "1414" in reply.text
    # The near-miss gate may refuse it outright (the other-mortgage-programmes prototype); when
    # it passes, the reply says the programme is not one the content describes.
    if reply.kind is ReplyKind.CLARIFY:
        assert reply.body.startswith(gettext("clarify.unnamed_head", Lang.EN))
        assert [s.entry_id for s in reply.suggestions][:1] == ["housing-mortgage"]
    else:
        assert reply.kind is ReplyKind.FALLBACK
    named = "what interest rate and down payment does the 2-10-20 mortgage have"
    assert not service.matcher.match(analyze(named, service.index.vocab).tokens).code_miss
    assert service.answer(named).entry_id == "housing-mortgage"


def test_social_insurance_is_not_anchored_to_health_insurance() -> None:
    """Issue 16: "what does compulsory social insurance cover" landed on compulsory health
    insurance through its keywords "insured" and "compulsory insurance"."""
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    assert service.answer("what does compulsory social insurance cover").entry_id == "employment-social-insurance"
    assert service.answer("what does OSMS health insurance cover").entry_id == "health-osms"


def test_the_pendant_awards_the_report_never_mentions_are_not_answered_as_large_families() -> None:
    """The large-family entry no longer invites Altyn / Kumis Alqa and mother-heroine questions:
    the report says nothing of them, and the entry's definition (4 or more children) or its
    housing threshold would answer them wrongly."""
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    for text in ("Күміс алқа алу үшін не керек", "мать-героиня какие выплаты положены", "Altyn Alka award requirements"):
        assert service.answer(text).entry_id != "family-large-families", text
    assert service.answer("сколько детей нужно для многодетной семьи").entry_id == "family-large-families"


def test_a_code_switched_english_question_meets_its_entry() -> None:
    # Russian words typed in Latin inside English ("invalidnost", "posobie") are read as the
    # content words they are; the reply stays in English.
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    reply = service.answer("I have 2 group invalidnost and I work in school. Will they stop my disability posobie?")
    assert reply.entry_id == "disability-benefit-while-working"
    assert reply.lang is Lang.EN


def test_teachers_questions_meet_the_status_of_teachers_entry() -> None:
    # Para 488 (Status of Teachers Act) was read as background; a teacher asks about it.
    # Worded unlike the entry's own questions.
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    for question, lang, fact in [
        ("маған мектепте тәлімгер береді ме, биыл алғаш рет мұғалім болып орналастым", Lang.KK, "бір оқу жылына"),
        ("учителю раз в сколько лет надо подтверждать категорию", Lang.RU, "пять лет"),
        ("first year teaching at a school - do I get a mentor teacher", Lang.EN, "one academic year"),
    ]:
        reply = service.answer(question)
        assert reply.entry_id == "education-teacher-status", question
        assert reply.lang is lang
        assert fact in reply.text


def test_english_words_are_not_read_as_transliterated_russian() -> None:
    # Code-switching reads only words that look transliterated: "speeding" is no "спидин"
    # (СПИД, AIDS), "teen" no Kazakh "тин", "organ" no "орган" (a state body).
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    for text, word in [
        ("What is the speeding fine?", "speeding"),
        ("speed limit in the city", "speed"),
        ("can a teen drive a car", "teen"),
        ("organ donation rules", "organ"),
    ]:
        assert word in analyze(text, service.index.vocab).tokens, text
    tokens = analyze("How I can send complaint to gosorgan online, without TsON?", service.index.vocab).tokens
    assert {"госорган", "цон"} <= set(tokens)


def test_the_reply_to_an_unnamed_programme_says_so_and_offers_the_known_ones() -> None:
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    reply = service.answer("7-20-25 ипотекасы бастапқы жарна қанша")
    assert reply.entry_id is None
    assert reply.kind is ReplyKind.CLARIFY
    assert reply.body.startswith(gettext("clarify.unnamed_head", Lang.KK))
    assert [s.entry_id for s in reply.suggestions] == ["housing-mortgage"]
    assert "1414" in reply.text and "119" in reply.text


def test_a_span_of_years_covers_the_years_inside_it() -> None:
    assert year_spans(["поэтапно до 63 лет в 2028–2031 годах"]) == {"2028", "2029", "2030", "2031"}
    assert year_spans(["from 2023-2025 the plan runs"]) == {"2023", "2024", "2025"}
    # A programme code, a backwards or an implausibly long span names no years.
    assert year_spans(["the 2-10-20 mortgage", "2031–2028", "1990-2024"]) == frozenset()


def test_a_year_the_entry_never_mentions_is_offered_with_a_reply_that_says_so() -> None:
    service = build_service(Settings(CONTENT_DIR=CONTENT))
    # The retirement-age entry states the ages up to 2031: nothing verified for 2035.
    reply = service.answer("пенсионный возраст для женщин в 2035 году")
    assert reply.entry_id is None and reply.kind is ReplyKind.CLARIFY
    assert reply.body.startswith(gettext("clarify.year_head", Lang.RU))
    assert reply.suggestions[0].entry_id == "pension-retirement-age"
    assert "1414" in reply.text and "119" in reply.text
    # A year inside the span the entry states ("2028–2031") is one it covers.
    assert service.answer("пенсионный возраст для женщин в 2030 году").entry_id == "pension-retirement-age"
