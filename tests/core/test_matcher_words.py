"""Word-level matching on the real content: everyday words are not typos of domain words,
corrections need strong evidence, and words many entries use weigh less than topical ones."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from bot.app import build_service
from bot.config import Settings
from bot.core.analyze import analyze
from bot.core.matcher import Matcher
from bot.core.service import AnswerService
from bot.core.stem import stem

CONTENT = Path(__file__).resolve().parents[2] / "content"


@cache
def _service() -> AnswerService:
    return build_service(Settings(CONTENT_DIR=CONTENT))


def _matcher() -> Matcher:
    return _service().matcher


@pytest.mark.parametrize("word", ["celebrity", "media", "construction", "стройке", "щас", "склад", "грузчиком", "warehouse"])
def test_an_everyday_word_is_never_corrected_into_a_domain_word(word: str) -> None:
    s = stem(word)
    assert _matcher()._correct(s) == (s, 1.0)


@pytest.mark.parametrize(("typo", "word"), [("pensoin", "pension"), ("пенсея", "пенсия")])
def test_a_real_typo_is_still_corrected(typo: str, word: str) -> None:
    fixed, trust = _matcher()._correct(stem(typo))
    assert trust < 1.0
    assert stem(word).startswith(fixed) or fixed.startswith(stem(word))


@pytest.mark.parametrize(("typo", "word"), [("cigarretes", "cigarettes"), ("maried", "married")])
def test_a_letter_typed_twice_or_once_too_few_is_the_known_word(typo: str, word: str) -> None:
    # Too short or too far for the edit-distance guess, but the same letters undoubled.
    fixed, trust = _matcher()._correct(stem(typo))
    assert (fixed, trust) == (stem(word), 0.8)


def test_undoubled_letters_shared_by_two_known_words_decide_nothing() -> None:
    m = _matcher()
    keys: dict[str, set[str]] = {}
    for s in m._known:
        keys.setdefault(re.sub(r"(.)\1+", r"\1", s), set()).add(s)
    shared = [k for k, stems in keys.items() if len(stems) > 1 and len(k) >= 4]
    assert shared  # e.g. a stem and its doubled-letter twin
    assert not any(k in m._undoubled for k in shared)
    assert all(m._undoubled[k] in keys[k] for k in list(m._undoubled)[:200])


def test_english_needs_one_edit_not_two() -> None:
    m = _matcher()
    assert "pension" in m._known
    assert m._correct("pensaxn") == ("pensaxn", 1.0)


def test_a_russian_verb_prefix_is_stripped_before_guessing_a_typo() -> None:
    # "долечат" (they will finish treating) is "лечат" with a prefix, not a typo of another word.
    assert _matcher()._correct(stem("долечат")) == ("лечат", 0.8)


def test_everyday_words_count_little_against_domain_coverage() -> None:
    svc = _service()

    def coverage(text: str) -> float:
        from bot.core.analyze import analyze

        return svc.matcher.match(analyze(text, svc.index.vocab).tokens).domain_coverage

    plain = coverage("минимальная зарплата")
    chatty = coverage("минимальная зарплата щас короче")
    unknown = coverage("минимальная зарплата ксилофон барабан")
    assert chatty > unknown
    assert chatty >= 0.7 * plain


def test_a_word_many_entries_use_weighs_less_than_a_topical_word() -> None:
    spread = _matcher()._spread
    assert spread[stem("rights")] < spread.get(stem("wheelchair"), 1.0)
    assert stem("invataksi") not in spread


def test_a_keyword_several_entries_share_is_a_weaker_anchor() -> None:
    m = _matcher()
    shared = [kw for kw, n in m._kw_shared.items() if n >= 4]
    own = [kw for kw, n in m._kw_shared.items() if n == 1 and all(s not in m._spread for s in kw)]
    assert shared and own
    assert max(m._keyword_strength(kw) for kw in shared) <= 0.5
    assert all(m._keyword_strength(kw) == 1.0 for kw in own)


@pytest.mark.parametrize("word", ["шеф", "босс", "бастыгым", "глухой", "deaf", "blind", "универ", "wheelchair", "колясочников", "лечат", "емдейди", "мужики", "еркек", "еркекпин", "daycare", "детсадов", "садики", "handicapped", "attorney", "physician", "immigrant"])
def test_an_everyday_word_brings_the_formal_term_the_content_uses(word: str) -> None:
    from bot.core.index import expand

    vocab = _service().index.vocab
    added = expand([word])[1:]
    assert added
    assert any(stem(t) in vocab.domain_stems or stem(t) in vocab.answer_stems for t in added)


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("whats the number of the childrens helpline im scared", {"whats", "im"}),
        ("dont they pay u if ur disabled", {"dont", "u", "ur"}),
        ("скока щас платят по асп", {"скока", "щас"}),
        ("с какова возраста на пенсию", {"какова"}),
        ("it's 2024, when can my dad retire, hes 62", {"it's", "hes"}),
    ],
)
def test_chat_forms_of_function_words_carry_no_topic(message: str, words: set[str]) -> None:
    """Apostrophe-less contractions and colloquial spellings are function words, not unknown
    content words that would dilute the question's domain coverage."""
    analysis = analyze(message, _service().index.vocab)
    assert words <= set(analysis.tokens)
    stems = set(_matcher().match(analysis.tokens).content_stems)
    assert not {stem(w) for w in words} & stems


@pytest.mark.parametrize(
    ("message", "formal"),
    [
        ("hubby slapped me", "husband"),
        ("my kids school", "children"),
        ("ОО зарегать", "регистрация"),
        ("how many hrs a wk", "hours"),
    ],
)
def test_everyday_words_meet_the_formal_ones(message: str, formal: str) -> None:
    stems = _matcher().match(analyze(message, _service().index.vocab).tokens).content_stems
    assert stem(formal) in stems


def test_a_thousands_group_is_not_a_number_of_its_own() -> None:
    # "70,000" and "85 000" are split into digit groups; "000" names nothing, and as a word of
    # its own it read as near-miss evidence (the near misses quote many amounts).
    stems = _matcher().match(analyze("my boss pays me 70,000 tenge, is that legal", _service().index.vocab).tokens)
    assert "70" in stems.content_stems
    assert "000" not in stems.content_stems


def test_an_ordinal_ending_is_not_a_word_of_its_own() -> None:
    # "3rd" splits into "3" and "rd": an unknown word, read as "something the content never says".
    vocab = _service().index.vocab
    stems = _matcher().match(analyze("my son is in 3rd grade, 1st group disability", vocab).tokens).content_stems
    assert "3" in stems and "1" in stems
    assert not {"rd", "st"} & set(stems)
    # Without a number before it, such a word is kept ("st" of a street name).
    assert "st" in _matcher().match(analyze("abay st pension office", vocab).tokens).content_stems


def test_a_spelled_out_name_meets_the_entry_that_uses_its_abbreviation() -> None:
    """The content says "TSA"; people write "targeted social assistance". The content's
    abbreviation brings the name, so the entry about TSA children's school help is found."""
    from bot.core.index import expand
    from bot.core.lang import Lang
    from bot.core.vocab import doc_tokens

    assert expand(doc_tokens("children of TSA families", Lang.EN), content=True)[3:6] == ["targeted", "social", "assistance"]
    # In a question "tsa" stays one word: the short form is no spelled-out name.
    assert expand(["tsa", "renewal"]) == ["tsa", "renewal"]
    reply = _service().answer("we receive targeted social assistance, do our kids get anything for school")
    assert reply.entry_id == "tsa-children-package"


def test_a_wheelchair_user_refused_a_job_asks_about_disability_discrimination() -> None:
    reply = _service().answer("A company would not hire me because I use a wheelchair. Is that legal?")
    assert reply.entry_id == "disability-discrimination"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("apartmnet", "apartment"), ("rigths", "rights"), ("citizns", "citizens"), ("consultaton", "consultation")],
)
def test_a_misspelt_english_word_is_compared_whole_with_the_contents_words(typed: str, meant: str) -> None:
    """Its stem is cut differently from the word's ("apartmnet" keeps its letters, "apartment"
    becomes "apart"), so the stems alone never meet."""
    assert stem(typed) != stem(meant)
    assert _matcher()._correct_english_word(typed) == stem(meant)


@pytest.mark.parametrize("word", ["weak", "cafe", "shift", "hello", "wheres", "warehouse"])
def test_a_valid_english_word_is_not_corrected_whole(word: str) -> None:
    assert _matcher()._correct_english_word(word) is None


def test_a_short_i_typed_for_the_letter_i_kratkoe_is_read_as_the_known_word() -> None:
    m = _matcher()
    assert m._short_i("уити") == stem("уйти")
    # A known word, or one no single change makes known, is left alone.
    assert m._short_i("мои") is None
    assert m._short_i("саидия") is None


@pytest.mark.parametrize(
    ("message", "corrected"),
    [
        ("какой пенсионный вазраст у мужчин", ["вазраст"]),
        ("pensoin age for women", ["pensoin"]),
        ("канча турады пенсия", ["канча"]),  # a misspelt question word
        ("какой пенсионный возраст у мужчин", []),
        ("how much is the pension", []),
    ],
)
def test_corrected_words_are_the_ones_the_matcher_reads_as_other_words(message: str, corrected: list[str]) -> None:
    tokens = analyze(message, _service().index.vocab).tokens
    assert _matcher().corrected_words(tokens) == corrected
