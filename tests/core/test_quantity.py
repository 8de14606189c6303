"""What kind of figure a question asks for, what an entry's answer states, and the two signals
the matcher derives from them (quantity_miss, figure_uncued)."""

from __future__ import annotations

import pytest

from bot.core.analyze import analyze
from bot.core.calibration import CONF_FEATURES, confidence_inputs
from bot.core.content import Catalog, Topic
from bot.core.index import Index
from bot.core.matcher import FEATURES, Matcher
from bot.core.quantity import Quantity, asked_quantities, asks_figure, quantity_miss, stated_quantities
from tests.core.engine_catalog import catalog

MONEY, DURATION = Quantity.MONEY, Quantity.DURATION


def _tokens(text: str) -> tuple[str, ...]:
    return analyze(text, Index(catalog()).vocab).tokens


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("how much is the carer's allowance", {MONEY}),
        ("уход за инвалидом скока платят щас", {MONEY}),
        ("жумыссыздык толеми канша", {MONEY}),  # Kazakh without its letters
        ("zhardemaky kansha", {MONEY}),  # ... and in Latin
        ("размер пособия на ребенка", {MONEY}),
        ("for how many months is the job loss payment paid", {DURATION}),
        ("how long does registration take", {DURATION}),
        ("how much time does it take", {DURATION}),
        ("сроки наследования накоплений", {DURATION}),
        ("азаматтық алу үшін неше жыл тұру керек", {DURATION}),
        # A count is neither: "how many pensioners" asks for a statistic, not an amount.
        ("сколько пенсионеров в казахстане", set()),
        ("how many pensioners are there", set()),
        ("how do i apply for a disability pension", set()),
    ],
)
def test_the_kind_of_quantity_asked(text: str, asked: set[Quantity]) -> None:
    assert asked_quantities(_tokens(text)) == frozenset(asked)


@pytest.mark.parametrize(
    ("answers", "stated"),
    [
        (["The allowance is 1.61 times the subsistence minimum."], {MONEY}),
        (["Жәрдемақы 42 500 теңге."], {MONEY}),
        (["Пособие выплачивается 6 месяцев, в размере 45 % дохода."], {MONEY, DURATION}),
        (["Registration takes three working days."], {DURATION}),
        (["Call 1414. Apply at a Citizens' Service Centre (since 2023)."], set()),
        (["The carer of a person with a group 1 disability can get a monthly allowance."], set()),
    ],
)
def test_the_kinds_an_answer_states(answers: list[str], stated: set[Quantity]) -> None:
    assert stated_quantities(answers) == frozenset(stated)


def test_quantity_miss_is_set_only_for_a_kind_the_entry_does_not_state() -> None:
    assert quantity_miss(frozenset({MONEY}), frozenset()) == 1.0
    assert quantity_miss(frozenset({MONEY}), frozenset({MONEY, DURATION})) == 0.0
    assert quantity_miss(frozenset({MONEY, DURATION}), frozenset({MONEY})) == 1.0
    assert quantity_miss(frozenset(), frozenset()) == 0.0


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how many pensioners are there", True),
        ("уровень безработицы 2023", True),
        ("зейнеткерлер саны канша", True),
        ("gender pay gap", True),
        ("population of kazakhstan", True),
        ("domestic violence", False),
        ("тұрмыстық зорлық-зомбылық", False),
        ("how do i register as unemployed", False),
    ],
)
def test_a_question_asks_for_a_figure(text: str, asks: bool) -> None:
    assert asks_figure(_tokens(text)) is asks


def _with_figures_topic() -> Catalog:
    """The test catalogue with its pensions topic marked as statistics."""
    base = catalog()
    topics = [Topic(id=t.id, kind="figures", title=t.title, order=t.order) if t.id == "pensions" else t for t in base.topics]
    return Catalog(topics=topics, entries=base.entries)


def test_the_matcher_marks_a_statistics_entry_for_a_question_asking_no_figure() -> None:
    matcher = Matcher(Index(_with_figures_topic()))
    uncued = matcher.match(analyze("retirement age", matcher.index.vocab).tokens)
    assert uncued.best is not None and uncued.best.entry_id.startswith("pension")
    assert uncued.best.features[FEATURES.index("figure_uncued")] == 1.0
    assert confidence_inputs(uncued)[CONF_FEATURES.index("figure_uncued")] == 1.0
    cued = matcher.match(analyze("retirement age how many years", matcher.index.vocab).tokens)
    assert cued.best is not None and cued.best.features[FEATURES.index("figure_uncued")] == 0.0
    # Entries of other topics never carry it.
    plain = Matcher(Index(catalog())).match(analyze("retirement age", matcher.index.vocab).tokens)
    assert plain.best is not None and plain.best.features[FEATURES.index("figure_uncued")] == 0.0
