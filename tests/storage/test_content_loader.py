"""The content loader: file:line problems, editorial warnings, translation stamps, canonical YAML."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.content.catalog import load_catalog
from bot.content.checks import KNOWN_HELPLINES
from bot.content.load import Problem, read_dir
from bot.content.stamp import stamp_catalog
from bot.content.yaml_io import render_topic_file
from bot.core.content import numbers_in, text_hash
from bot.core.lang import LANGS

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"

PENSION_RU = "Пенсионный возраст — 63 года для мужчин и 61 год для женщин. Звоните 1414."
PENSION_KK = "Зейнет жасы — ерлер үшін 63 жас, әйелдер үшін 61 жас. 1414 нөміріне қоңырау шалыңыз."
PENSION_EN = "The retirement age is 63 for men and 61 for women. Call 1414."
TIERS_RU = "Пенсия состоит из трёх частей (справки — 1414)."

PENSIONS_YAML = f"""\
# Pensions: hand-written, with comments that tools must keep.
topic:
  id: pensions
  title: {{kk: Зейнетақы, ru: Пенсии, en: Pensions}}
  order: 30
entries:
  - id: retirement-age
    title:
      kk: Зейнет жасы
      ru: Пенсионный возраст
      en: Retirement age
    questions:
      kk: [зейнет жасы қанша, қашан зейнетке шығамын, зейнеткерлік жас, зейнет жасы әйелдер, зейнет жасы ерлер, zeinet zhasy]
      ru: [пенсионный возраст, когда на пенсию, во сколько лет пенсия, пенсионный возраст женщин, пенсионный возраст мужчин, pensionnyi vozrast]
      en: [retirement age, when can I retire, pension age, retirement age women, retirement age men, age of retirement]
    answer:
      kk: |
        {PENSION_KK}
      ru: |
        {PENSION_RU}
      en: |
        {PENSION_EN}
    sources:
      - {{para: 401}}
      - {{ref: "Social Code, art. 154", label: {{ru: "Социальный кодекс, ст. 154", kk: "Әлеуметтік кодекс, 154-бап"}}}}
    helplines: ["1414"]
    valid_as_of: 2024-01-01
    related: [pension-tiers]
    keywords:
      kk: [зейнет жасы]
      ru: [пенсионный возраст]
      en: [retirement age]
    translations:
      kk: {{source: ru, hash: "{text_hash(PENSION_RU)}"}}
      en: {{source: ru, hash: "{text_hash(PENSION_RU)}"}}

  # The three tiers of the pension system.
  - id: pension-tiers
    title: {{kk: Зейнетақы деңгейлері, ru: Уровни пенсии, en: Pension tiers}}
    questions:
      kk: [зейнетақы неден тұрады, базалық зейнетақы, ынтымақты зейнетақы, жинақтаушы зейнетақы, зейнетақы түрлері, zeinetaky]
      ru: [из чего состоит пенсия, базовая пенсия, солидарная пенсия, накопительная пенсия, виды пенсий, pensiya]
      en: [what makes up a pension, basic pension, solidarity pension, funded pension, kinds of pension, pension tiers]
    answer:
      kk: Зейнетақы үш бөліктен тұрады (анықтама — 1414).
      ru: {TIERS_RU}
      en: A pension has three parts (questions — 1414).
    sources: [{{para: 402}}]
    helplines: ["1414"]
    valid_as_of: 2024-01-01
    related: [retirement-age]
    translations:
      kk: {{source: ru, hash: "{text_hash(TIERS_RU)}"}}
      en: {{source: ru, hash: "{text_hash(TIERS_RU)}"}}
"""

HELPLINES_YAML = f"""\
topic:
  id: helplines
  title: {{kk: Сенім телефондары, ru: Телефоны помощи, en: Helplines}}
  order: 5
entries:
  - id: child-helpline
    kind: crisis
    title: {{kk: Балалар сенім телефоны, ru: Детский телефон доверия, en: Child helpline}}
    questions:
      kk: [балалар сенім телефоны, балаға көмек, бала қауіпте, 150 нөмірі, балалар телефоны, balalar telefony]
      ru: [детский телефон доверия, помощь ребенку, ребенок в опасности, номер 150, телефон для детей, detskii telefon]
      en: [child helpline, help for a child, child in danger, number 150, children's phone line, kids hotline]
    answer:
      kk: 150 — балалар мен ересектерге арналған тегін сенім телефоны.
      ru: 150 — бесплатный телефон доверия для детей и взрослых.
      en: 150 is a free helpline for children and adults.
    sources: [{{para: 367}}]
    helplines: ["150"]
    valid_as_of: 2024-01-01
    translations:
      kk: {{source: ru, hash: "{text_hash("150 — бесплатный телефон доверия для детей и взрослых.")}"}}
      en: {{source: ru, hash: "{text_hash("150 — бесплатный телефон доверия для детей и взрослых.")}"}}
"""


def write_fixture_content(root: Path) -> Path:
    """A small valid catalog (two topics, three entries) in ``root/content``; returns the directory."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "pensions.yaml").write_text(PENSIONS_YAML, encoding="utf-8")
    (content / "helplines.yaml").write_text(HELPLINES_YAML, encoding="utf-8")
    (content / "_calibration.json").write_text("{}", encoding="utf-8")
    return content


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not in {path}"
    return hits[occurrence - 1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(content: Path, severity: str = "error") -> list[Problem]:
    return [p for p in load_catalog(content).problems if p.severity == severity]


def test_fixture_catalog_loads_without_problems(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    result = load_catalog(content)
    assert result.ok, result.problems
    assert result.problems == []
    assert result.catalog is not None
    assert [t.id for t in result.catalog.topics] == ["helplines", "pensions"]
    assert [e.id for e in result.catalog.entries] == ["child-helpline", "retirement-age", "pension-tiers"]
    assert (result.entries_found, result.topics_found) == (3, 2)
    assert len(result.content_hash) == 16


def test_problem_reads_as_file_line_severity_message() -> None:
    assert str(Problem("content/a.yaml", 7, "boom")) == "content/a.yaml:7: error: boom"
    assert str(Problem("content/a.yaml", 3, "hm", "warning")) == "content/a.yaml:3: warning: hm"


def test_yaml_syntax_error_points_at_its_line(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "    helplines: [\"1414\"]\n    valid_as_of", "    helplines: [\"1414\"\n    valid_as_of")
    errors = problems_of(content)
    assert len(errors) == 1
    assert errors[0].file == "content/pensions.yaml"
    assert "YAML syntax" in errors[0].message
    # PyYAML notices the unclosed list where the next key starts.
    assert errors[0].line in (line_of(path, 'helplines: ["1414"'), line_of(path, 'helplines: ["1414"') + 1)
    assert load_catalog(content).catalog is None


def test_missing_language_is_reported_at_the_answer(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, f"      en: |\n        {PENSION_EN}\n", "")
    errors = problems_of(content)
    assert [(p.file, p.line) for p in errors] == [("content/pensions.yaml", line_of(path, "    answer:"))]
    assert "answer.en" in errors[0].message and "required" in errors[0].message.lower()


def test_missing_sources_is_an_error_at_the_entry(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, '    sources: [{para: 402}]\n', "")
    errors = problems_of(content)
    assert len(errors) == 1
    assert errors[0].line == line_of(path, "- id: pension-tiers")
    assert errors[0].message.startswith("sources:")


def test_empty_sources_and_report_citation_without_paragraph_are_errors(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "    sources: [{para: 402}]", "    sources: []")
    edit(path, "      - {para: 401}", "      - {ref: ICESCR report of Kazakhstan}")
    errors = problems_of(content)
    assert sorted(p.line for p in errors) == [
        line_of(path, "- {ref: ICESCR report of Kazakhstan}"),
        line_of(path, "sources: []"),
    ]


def test_duplicate_id_points_at_the_second_one(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "- id: pension-tiers", "- id: child-helpline")
    edit(path, "related: [pension-tiers]", "related: [child-helpline]")
    edit(path, "related: [retirement-age]", "related: []")
    errors = problems_of(content)
    assert [(p.file, p.line) for p in errors] == [("content/pensions.yaml", line_of(path, "- id: child-helpline"))]
    assert "duplicate id 'child-helpline'" in errors[0].message
    assert "content/helplines.yaml:6" in errors[0].message


def test_unknown_related_id_points_at_the_related_list(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "related: [pension-tiers]", "related: [pension-tiers, pension-nowhere]")
    errors = problems_of(content)
    assert [p.line for p in errors] == [line_of(path, "pension-nowhere")]
    assert "related id 'pension-nowhere' does not exist" in errors[0].message


def test_entry_related_to_itself_is_an_error(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    edit(content / "pensions.yaml", "related: [retirement-age]", "related: [pension-tiers]")
    assert ["cannot be related to itself" in p.message for p in problems_of(content)] == [True]


def test_bad_date_points_at_valid_as_of(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "valid_as_of: 2024-01-01", "valid_as_of: 2024-13-01")
    errors = problems_of(content)
    assert [p.line for p in errors] == [line_of(path, "2024-13-01")]
    assert errors[0].message.startswith("valid_as_of:")


def test_implausible_date_is_an_error_and_future_date_a_warning(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "valid_as_of: 2024-01-01", "valid_as_of: 1999-01-01")
    assert [p.line for p in problems_of(content)] == [line_of(path, "1999-01-01")]
    edit(path, "valid_as_of: 1999-01-01", f"valid_as_of: {date.today().year + 1}-01-01")
    assert problems_of(content) == []
    warnings = problems_of(content, "warning")
    assert [p.line for p in warnings] == [line_of(path, f"valid_as_of: {date.today().year + 1}")]
    assert "in the future" in warnings[0].message


def test_numbers_that_differ_between_languages_are_an_error(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "The retirement age is 63 for men", "The retirement age is 65 for men")
    errors = problems_of(content)
    assert [p.line for p in errors] == [line_of(path, "    answer:")]
    assert "numbers differ between languages" in errors[0].message
    assert "en=['1414', '61', '65']" in errors[0].message


def name_119_without_listing_it(path: Path) -> None:
    """Make retirement-age's answer name 119 too, in every language, without listing or citing it."""
    edit(path, "1414 нөміріне қоңырау", "1414 немесе 119 нөміріне қоңырау")
    edit(path, "Звоните 1414.", "Звоните 1414 или 119.")
    edit(path, "Call 1414.", "Call 1414 or 119.")


def test_a_helpline_the_answer_names_but_does_not_list_is_an_error_at_its_field(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    name_119_without_listing_it(path)
    errors = problems_of(content)
    assert [(p.file, p.line, p.message) for p in errors] == [
        (
            "content/pensions.yaml",
            line_of(path, 'helplines: ["1414"]'),
            "retirement-age: answer names ['119'] but `helplines` does not list them",
        ),
        ("content/pensions.yaml", line_of(path, "    sources:"), "retirement-age: answer names 119 but does not cite para 86"),
    ]
    assert not load_catalog(content).ok
    # Listed and cited, the entry passes (the changed ru text leaves only stale-stamp warnings).
    edit(path, 'helplines: ["1414"]', 'helplines: ["1414", "119"]')
    edit(path, "      - {para: 401}\n", "      - {para: 401}\n      - {para: 86}\n")
    assert problems_of(content) == []


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "    valid_as_of: 2024-01-01\n    related: [pension-tiers]", "    valid_as_of: 2024-01-01\n    valid_as_of: 2023-01-01\n    related: [pension-tiers]")
    errors = problems_of(content)
    assert [p.line for p in errors] == [line_of(path, "valid_as_of: 2023-01-01")]
    assert "duplicate key 'valid_as_of'" in errors[0].message


def test_changed_source_text_makes_translations_stale_but_not_an_error(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "Пенсионный возраст — 63 года", "Пенсионный возраст сейчас — 63 года")
    result = load_catalog(content)
    assert result.ok
    stale = [p for p in result.warnings if "may be stale" in p.message]
    assert [(p.line, p.message.split(":")[1].strip()) for p in stale] == [
        (line_of(path, "kk: {source: ru, hash:"), "kk answer may be stale"),
        (line_of(path, "en: {source: ru, hash:"), "en answer may be stale"),
    ]


def test_editorial_warnings_few_questions_long_answer_no_or_unknown_helpline(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "      en: [what makes up a pension, basic pension, ", "      en: [")
    edit(path, '    sources: [{para: 402}]\n    helplines: ["1414"]\n', "    sources: [{para: 402}]\n")
    for named in (" (анықтама — 1414)", " (справки — 1414)", " (questions — 1414)"):  # no helpline named either
        edit(path, named, "")
    edit(path, '    helplines: ["1414"]', '    helplines: ["1414", "7777"]')
    long_tail = " Подробнее." * 120
    edit(path, "      ru: Пенсия состоит из трёх частей.", f"      ru: Пенсия состоит из трёх частей.{long_tail}")
    result = load_catalog(content)
    assert result.ok
    messages = {(p.line, p.message) for p in result.warnings}
    tiers_line = line_of(path, "- id: pension-tiers")
    assert (tiers_line, "pension-tiers: no helpline (citizens need a number to call; 1414 is the general one)") in messages
    few = [p for p in result.warnings if "example questions in en" in p.message]
    assert [(p.line, p.message) for p in few] == [
        (line_of(path, "en: [solidarity pension"), "pension-tiers: only 4 example questions in en (aim for 6 or more)")
    ]
    long = [p for p in result.warnings if "characters" in p.message]
    assert len(long) == 1 and long[0].line == line_of(path, "Подробнее.")
    assert "ru answer is" in long[0].message
    unknown = [p for p in result.warnings if "7777" in p.message]
    assert len(unknown) == 1 and unknown[0].line == line_of(path, '"7777"')
    # The stale warning for the changed Russian text comes on top; nothing is an error.
    assert not result.errors


# Typed on the wrong layout, an example is read as transliteration (Russian or Kazakh on the
# Latin layout) or is Cyrillic garble (English on the Russian layout): either way it teaches the
# vocabulary words nobody types, and the bot converts such messages itself. Transliteration
# ("pensionnyi vozrast") and an English question naming a Cyrillic term ("what is АСП") are no
# such examples.
@pytest.mark.parametrize(
    ("anchor", "added", "meant", "script"),
    [
        ("pensionnyi vozrast]", "gtycbjyysq djphfcn", "пенсионный возраст", "Cyrillic"),
        ("age of retirement]", "рщц вщ ш куешку уфкдн", "how do i retire early", "Latin letters"),
    ],
)
def test_an_example_typed_on_the_wrong_layout_is_a_warning_with_what_it_means(
    tmp_path: Path, anchor: str, added: str, meant: str, script: str
) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, anchor, f"{anchor[:-1]}, {added}, what is АСП]")
    result = load_catalog(content)
    assert result.ok
    layout = [p for p in result.warnings if "wrong keyboard layout" in p.message]
    assert [(p.line, p.message) for p in layout] == [
        (
            line_of(path, added),
            f"retirement-age: example question '{added}' is typed on the wrong keyboard layout "
            f"('{meant}'): the bot converts such messages itself; write it in {script}",
        )
    ]


def test_missing_directory_and_empty_directory_are_errors(tmp_path: Path) -> None:
    assert "not found" in load_catalog(tmp_path / "nope").errors[0].message
    (tmp_path / "empty").mkdir()
    assert "no *.yaml" in load_catalog(tmp_path / "empty").errors[0].message


def _without_stamps(text: str, entry_no: int) -> str:
    """The fixture text with the ``translations`` block of the n-th entry (0-based) removed."""
    blocks = list(re.finditer(r"    translations:\n      kk: .*\n      en: .*\n", text))
    block = blocks[entry_no]
    return text[: block.start()] + text[block.end() :]


def test_stamp_inserts_blocks_as_text_and_keeps_comments(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    unstamped = _without_stamps(path.read_text(encoding="utf-8"), 1)
    path.write_text(unstamped, encoding="utf-8")
    before = load_catalog(content)
    assert [p.message for p in before.warnings] == [
        "pension-tiers: no translation stamps (run `content stamp` once the translations are checked)"
    ]

    result = stamp_catalog(content)
    assert result.entries == ["pension-tiers"]
    assert result.files == [path]
    after_text = path.read_text(encoding="utf-8")
    digest = text_hash(TIERS_RU)
    assert after_text == unstamped + (
        f'    translations:\n      kk: {{source: ru, hash: "{digest}"}}\n      en: {{source: ru, hash: "{digest}"}}\n'
    )
    assert "# The three tiers of the pension system." in after_text
    after = load_catalog(content)
    assert after.ok and after.problems == []
    # Idempotent: a second run finds nothing to do.
    assert stamp_catalog(content).files == []
    assert path.read_text(encoding="utf-8") == after_text


def test_stamp_goes_after_the_last_field_before_blank_lines_and_comments(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    path.write_text(_without_stamps(path.read_text(encoding="utf-8"), 0), encoding="utf-8")
    # The first entry now ends with its keywords, then a blank line and the comment of the next entry.
    result = stamp_catalog(content)
    assert result.entries == ["retirement-age"]
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    translations:")
    assert lines[at - 1] == "      en: [retirement age]"
    assert lines[at + 3 : at + 5] == ["", "  # The three tiers of the pension system."]
    assert load_catalog(content).problems == []


def test_stamp_after_a_literal_block_answer(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    text = _without_stamps(path.read_text(encoding="utf-8"), 0)
    # Move the answer to the end of the entry: the entry now ends with a literal block and a blank line.
    answer = text[text.index("    answer:\n") : text.index("    sources:\n      - {para: 401}")]
    text = text.replace(answer, "").replace("      en: [retirement age]\n", "      en: [retirement age]\n" + answer)
    path.write_text(text, encoding="utf-8")
    assert load_catalog(content).ok
    stamp_catalog(content)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    translations:")
    assert lines[at - 1] == f"        {PENSION_EN}"
    assert load_catalog(content).problems == []


def test_stamp_leaves_entries_with_any_stamp_alone(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "helplines.yaml"
    text = path.read_text(encoding="utf-8")
    partial = text.rsplit("      en: {source: ru", 1)[0]
    path.write_text(partial, encoding="utf-8")
    assert stamp_catalog(content).entries == []
    assert path.read_text(encoding="utf-8") == partial


def test_stamp_edits_a_flow_style_entry_in_place(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "helplines.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = data["entries"][0]
    del entry["translations"]
    entry["valid_as_of"] = "2024-01-01"
    path.write_text(
        "topic: " + yaml.safe_dump(data["topic"], default_flow_style=True, allow_unicode=True)
        + "entries:\n  - " + yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True, width=10000),
        encoding="utf-8",
    )
    assert load_catalog(content).ok
    result = stamp_catalog(content)
    # The round trip edits the flow mapping itself (the text edit could not, and re-dumped the file).
    assert result.entries == ["child-helpline"] and result.files == [path]
    reloaded = load_catalog(content)
    assert reloaded.ok and reloaded.problems == []


def test_render_topic_file_is_deterministic_and_means_the_same_entries(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    result = load_catalog(content)
    assert result.catalog is not None
    topic = next(t for t in result.catalog.topics if t.id == "pensions")
    entries = [e for e in result.catalog.entries if e.topic == "pensions"]
    text = render_topic_file(topic, entries)
    assert text == render_topic_file(topic, entries)
    (content / "pensions.yaml").write_text(text, encoding="utf-8")
    again = load_catalog(content)
    assert again.catalog == result.catalog
    assert "answer:\n      kk: |\n" in text
    assert render_topic_file(topic, []).endswith("entries: []\n")


# --- the real content ---------------------------------------------------------------------------


def _real_entries():  # type: ignore[no-untyped-def]
    files, _ = read_dir(REAL_CONTENT)
    entries = [loc.entry for f in files for loc in f.entries]
    assert entries, f"no entries found in {REAL_CONTENT}"
    return entries


def test_real_content_states_the_same_numbers_in_every_language() -> None:
    mismatched = {}
    for entry in _real_entries():
        figures = {lang.value: numbers_in(entry.answer.get(lang)) for lang in LANGS}
        if len({frozenset(v) for v in figures.values()}) > 1:
            mismatched[entry.id] = figures
    assert mismatched == {}


def test_real_content_lists_only_known_helplines() -> None:
    unknown = {e.id: [n for n in e.helplines if n not in KNOWN_HELPLINES] for e in _real_entries()}
    assert {k: v for k, v in unknown.items() if v} == {}


def test_an_unquoted_number_where_text_is_expected_gets_a_hint(tmp_path: Path) -> None:
    content = write_fixture_content(tmp_path)
    path = content / "pensions.yaml"
    edit(path, "      kk: [зейнет жасы]", "      kk: [зейнет жасы, 1414]")
    errors = problems_of(content)
    assert [p.line for p in errors] == [line_of(path, "[зейнет жасы, 1414]")]
    assert errors[0].message.endswith('(YAML reads 1414 as a number: write it in quotes, "1414")')
