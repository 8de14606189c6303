"""The interface texts' catalogues (bot/locales): complete, consistent, used, and plural-correct."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from structlog.testing import capture_logs

from bot.channels.telegram.texts import COMMAND_NAMES
from bot.core.helplines import DIRECTORY_ORDER, directory_lines, helpline_label
from bot.core.i18n import Catalogs, default_catalogs, locales_root, placeholders
from bot.core.lang import LANGS, Lang
from bot.core.reply import ReplyKind
from bot.core.routing import AREA_IDS
from bot.core.smalltalk import SmallTalkKind

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
LOCALES = BOT / "locales"


def po_path(lang: Lang) -> Path:
    return LOCALES / lang.value / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def cats() -> Catalogs:
    return default_catalogs()


def all_keys(cats: Catalogs) -> frozenset[str]:
    return frozenset().union(*(cats.keys(lang) for lang in LANGS))


# --- the files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalogue_parses_with_its_language_and_no_entry_is_fuzzy_or_empty(lang: Lang) -> None:
    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang.value)
    assert str(catalog.locale) == lang.value
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    for m in messages:
        assert not m.fuzzy, m.id
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"{lang}: {m.id} is untranslated"
        if not isinstance(m.id, str):
            assert m.id[0] == m.id[1], "msgid_plural repeats the key"


@pytest.mark.parametrize("lang", LANGS)
def test_no_key_is_written_twice(lang: Lang) -> None:
    # Babel keeps the last of two equal msgids silently; a translator's edit would vanish.
    ids = re.findall(r'^msgid "(.+)"$', po_path(lang).read_text(encoding="utf-8"), flags=re.M)
    assert len(ids) == len(set(ids))


def test_kk_ru_and_en_have_the_same_keys(cats: Catalogs) -> None:
    assert cats.keys(Lang.KK) == cats.keys(Lang.RU) == cats.keys(Lang.EN)
    assert cats.gaps() == {}


def test_every_text_has_the_same_placeholders_in_every_language_and_form(cats: Catalogs) -> None:
    wrong = []
    for key in sorted(all_keys(cats)):
        found = {(lang, i): placeholders(form) for lang in LANGS for i, form in enumerate(cats.forms(key, lang))}
        if len(set(found.values())) != 1:
            wrong.append(f"{key}: {found}")
    assert not wrong, "\n".join(wrong)


def test_placeholders_are_plain_names_in_braces(cats: Catalogs) -> None:
    # One style only: {name}, filled by str.format (no %(name)s, no positional {}).
    for key in all_keys(cats):
        for lang in LANGS:
            for form in cats.forms(key, lang):
                assert "%(" not in form, key
                assert all(re.fullmatch(r"[a-z_]+", p) for p in placeholders(form)), key
                assert "{}" not in form, key


def test_the_package_data_ships_the_catalogues() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot"]
    shipped = {p for pattern in patterns for p in BOT.glob(pattern)}
    assert {po_path(lang) for lang in LANGS} <= shipped
    assert locales_root().joinpath("ru", "LC_MESSAGES", "messages.po").is_file()


# --- plural forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 запись"),
        (2, "2 записи"),
        (4, "4 записи"),
        (5, "5 записей"),
        (11, "11 записей"),
        (12, "12 записей"),
        (14, "14 записей"),
        (21, "21 запись"),
        (22, "22 записи"),
        (25, "25 записей"),
        (0, "0 записей"),
        (101, "101 запись"),
        (111, "111 записей"),
    ],
)
def test_russian_counts_take_the_right_one_of_three_forms(cats: Catalogs, n: int, text: str) -> None:
    assert cats.ngettext("tg.n_entries", n, Lang.RU) == text


@pytest.mark.parametrize(
    ("key", "lang", "n", "text"),
    [
        ("tg.n_entries", Lang.EN, 1, "1 entry"),
        ("tg.n_entries", Lang.EN, 2, "2 entries"),
        ("tg.n_entries", Lang.EN, 0, "0 entries"),
        ("tg.n_entries", Lang.EN, 21, "21 entries"),
        ("tg.n_entries", Lang.KK, 1, "1 жазба"),
        ("tg.n_entries", Lang.KK, 5, "5 жазба"),  # Kazakh nouns stay singular after a numeral
        ("tg.n_topics", Lang.RU, 1, "1 тема"),
        ("tg.n_topics", Lang.RU, 3, "3 темы"),
        ("tg.n_topics", Lang.RU, 5, "5 тем"),
        ("tg.n_topics", Lang.KK, 2, "2 тақырып"),
        ("tg.n_topics", Lang.EN, 1, "1 topic"),
    ],
)
def test_kazakh_and_english_counts_and_russian_topics(cats: Catalogs, key: str, lang: Lang, n: int, text: str) -> None:
    assert cats.ngettext(key, n, lang) == text


@pytest.mark.parametrize(
    ("key", "lang", "n", "text"),
    [
        ("tg.n_questions", Lang.EN, 1, "1 question"),
        ("tg.n_questions", Lang.EN, 2, "2 questions"),
        ("tg.n_questions", Lang.EN, 0, "0 questions"),
        ("tg.n_questions", Lang.RU, 1, "1 вопрос"),
        ("tg.n_questions", Lang.RU, 3, "3 вопроса"),
        ("tg.n_questions", Lang.RU, 11, "11 вопросов"),
        ("tg.n_questions", Lang.RU, 21, "21 вопрос"),
        ("tg.n_questions", Lang.KK, 1, "1 сұрақ"),
        ("tg.n_questions", Lang.KK, 7, "7 сұрақ"),
        ("report.n_ratings", Lang.EN, 1, "1 rating"),
        ("report.n_ratings", Lang.EN, 5, "5 ratings"),
        ("report.n_ratings", Lang.RU, 1, "1 оценка"),
        ("report.n_ratings", Lang.RU, 2, "2 оценки"),
        ("report.n_ratings", Lang.RU, 5, "5 оценок"),
        ("report.n_ratings", Lang.KK, 5, "5 баға"),
        ("report.n_answers", Lang.EN, 1, "1 answer"),
        ("report.n_answers", Lang.EN, 12, "12 answers"),
        ("report.n_answers", Lang.RU, 22, "22 ответа"),
        ("report.n_answers", Lang.RU, 25, "25 ответов"),
        ("report.n_answers", Lang.KK, 1, "1 жауапқа"),
    ],
)
def test_question_rating_and_answer_counts(cats: Catalogs, key: str, lang: Lang, n: int, text: str) -> None:
    assert cats.ngettext(key, n, lang, count=str(n)) == text


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        (Lang.EN, 1, "telegram: 1 question, answered"),
        (Lang.EN, 3, "telegram: 3 questions, answered"),
        (Lang.RU, 1, "telegram: 1 вопрос, отвечено"),
        (Lang.RU, 4, "telegram: 4 вопроса, отвечено"),
        (Lang.RU, 5, "telegram: 5 вопросов, отвечено"),
        (Lang.KK, 5, "telegram: 5 сұрақ, жауап берілді"),
    ],
)
def test_the_reports_channel_line_counts_questions(cats: Catalogs, lang: Lang, n: int, text: str) -> None:
    line = cats.ngettext("report.channel_line", n, lang, channel="telegram", count=str(n), answered="1%",
                         unanswered="2%", up=0, down=0)
    assert line.startswith(text)


def _header(lang: Lang) -> str:
    text = po_path(lang).read_text(encoding="utf-8")
    return text[: text.index("\n\n")]  # the header entry, up to the first blank line


@pytest.mark.parametrize("lang", LANGS)
def test_each_header_plural_rule_agrees_with_cldr(lang: Lang) -> None:
    # A probe catalogue with the file's own header: form i of "probe" is the text "i".
    with po_path(lang).open("rb") as f:
        nplurals = read_po(f, locale=lang.value).num_plurals
    forms = "\n".join(f'msgstr[{i}] "{i}"' for i in range(nplurals))
    probe = Catalogs.from_po({lang: f'{_header(lang)}\n\nmsgid "probe"\nmsgid_plural "probe"\n{forms}\n'})
    locale = Locale.parse(lang.value)
    categories = {"one": 0, "few": 1, "many": 2, "other": nplurals - 1}
    for n in range(0, 250):
        assert probe.ngettext("probe", n, lang) == str(categories[locale.plural_form(n)]), (lang, n)


# --- the catalogues and the code agree ---------------------------------------------------------

# A wrapper adds its layer's prefix: text("btn_topics") in the Telegram channel asks for
# tg.btn_topics, t("title") in the report for report.title.
WRAPPERS: dict[str, tuple[tuple[str, ...], str]] = {
    "gettext": (("bot",), ""),
    "ngettext": (("bot",), ""),
    "text": (("bot/channels/telegram",), "tg."),
    "chat_text": (("bot/channels",), "chat."),
    "wa": (("bot/channels/whatsapp",), "wa."),
    "count": (("bot/channels/telegram",), "tg."),
    "t": (("bot/analytics", "bot/reports.py"), "report."),
    "tn": (("bot/analytics",), "report."),
    "report_t": (("bot/reports.py",), "report."),
}
# Keys the code builds from a name: each family's members come from the code itself.
DYNAMIC: dict[str, frozenset[str]] = {
    "helpline.": frozenset(DIRECTORY_ORDER),
    "area.": AREA_IDS,
    "smalltalk.": frozenset(k.value for k in SmallTalkKind),
    "tg.cmd.": frozenset(COMMAND_NAMES),
    "report.kind_": frozenset(k.value for k in ReplyKind),
    "report.lang_": frozenset(lang.value for lang in LANGS),
}


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(BOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _literal_calls(sources: Iterable[tuple[str, ast.Module]]) -> set[str]:
    """Every key asked for with a literal: gettext("fallback.body"), text("btn_topics") ..."""
    keys = set()
    for rel, tree in sources:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            spec = WRAPPERS.get(node.func.id)
            first = node.args[0]
            if spec and rel.startswith(spec[0]) and isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.add(spec[1] + first.value)
    return keys


def _constants() -> set[str]:
    """Every string constant of the code, with the prefix of its layer's wrapper added (a key
    may travel in a variable first: ``label = "btn_topics" if ... else "btn_back_topics"``)."""
    found = set()
    for rel, tree in _sources():
        prefixes = {""} | {prefix for dirs, prefix in WRAPPERS.values() if rel.startswith(dirs)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= {p + node.value for p in prefixes}
    return found


def test_every_key_the_code_asks_for_is_in_the_catalogues(cats: Catalogs) -> None:
    asked = _literal_calls(_sources())
    assert len(asked) > 100
    dynamic = {family + member for family, members in DYNAMIC.items() for member in members}
    assert not (asked | dynamic) - all_keys(cats)


def test_every_catalogue_key_is_used_by_the_code(cats: Catalogs) -> None:
    dynamic = {family + member for family, members in DYNAMIC.items() for member in members}
    unused = all_keys(cats) - _constants() - dynamic
    assert not unused, f"keys no code asks for: {sorted(unused)}"


def test_the_key_scan_sees_a_key_the_catalogues_lack() -> None:
    source = 'text("no_such_button", lang)\ngettext("fallback.body", lang)\nt("title")\n'
    asked = _literal_calls([("bot/channels/telegram/handlers/x.py", ast.parse(source))])
    assert asked == {"tg.no_such_button", "fallback.body"}  # t() is the report's, not the channel's
    assert asked - all_keys(default_catalogs()) == {"tg.no_such_button"}


# --- helpline names -----------------------------------------------------------------------------


def test_every_number_of_the_directory_has_a_name_and_every_name_a_number(cats: Catalogs) -> None:
    named = {k.removeprefix("helpline.") for k in all_keys(cats) if k.startswith("helpline.")}
    assert named == set(DIRECTORY_ORDER)


def test_helpline_names_are_written_only_in_the_catalogues(cats: Catalogs) -> None:
    names = {cats.gettext(f"helpline.{n}", lang) for n in DIRECTORY_ORDER for lang in LANGS}
    # One-word names ("полиция", "ambulance") may be a crisis keyword; longer ones are names.
    names = {n for n in names if " " in n}
    assert len(names) > 15
    code = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in BOT.rglob("*.py")}
    whole = {name: re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in names}
    copies = sorted(f"{path}: {name}" for path, text in code.items() for name in names if whole[name].search(text))
    assert not copies


def test_labels_and_the_directory_read_the_catalogues(cats: Catalogs) -> None:
    assert helpline_label("119", Lang.RU) == "119 — " + cats.gettext("helpline.119", Lang.RU)
    assert helpline_label("999", Lang.EN) == "999"  # no name: the number alone
    assert directory_lines(Lang.KK)[0] == "☎ 1414 — " + cats.gettext("helpline.1414", Lang.KK)


# --- when a text is missing ---------------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def _po(lang: str, body: str) -> str:
    return HEADER.format(lang=lang) + body


def test_a_text_missing_in_one_language_falls_back_to_russian_and_is_reported() -> None:
    cats = Catalogs.from_po(
        {
            Lang.RU: _po("ru", 'msgid "a"\nmsgstr "по-русски {x}"\n\nmsgid "b"\nmsgstr "б"\n'),
            Lang.EN: _po("en", 'msgid "a"\nmsgstr "in English {x}"\n\nmsgid "b"\nmsgstr "b"\n'),
            Lang.KK: _po("kk", 'msgid "b"\nmsgstr "ә"\n\nmsgid "a"\nmsgstr ""\n'),
        }
    )
    assert cats.gettext("a", Lang.KK, x=1) == "по-русски 1"
    assert cats.gettext("a", Lang.EN, x=1) == "in English 1"
    assert cats.get("a", Lang.KK) == "по-русски {x}"
    assert cats.get("c", Lang.KK) is None
    assert cats.gaps() == {Lang.KK: frozenset({"a"})}


def test_a_fuzzy_text_counts_as_missing() -> None:
    cats = Catalogs.from_po(
        {
            Lang.RU: _po("ru", 'msgid "a"\nmsgstr "да"\n'),
            Lang.EN: _po("en", '#, fuzzy\nmsgid "a"\nmsgstr "maybe"\n'),
        }
    )
    assert cats.gettext("a", Lang.EN) == "да"


def test_a_key_in_no_language_fails_loudly() -> None:
    cats = Catalogs.from_po({Lang.RU: _po("ru", 'msgid "a"\nmsgstr "да"\n')})
    with pytest.raises(KeyError, match="nope"):
        cats.gettext("nope", Lang.RU)
    with pytest.raises(KeyError):
        cats.ngettext("a", 2, Lang.RU)  # a plain text is not a plural one


def test_values_are_formatted_only_when_given(cats: Catalogs) -> None:
    # Callers escape values before; a template is returned as written when no value comes.
    assert "{name}" in cats.gettext("tg.greeting", Lang.EN)
    assert cats.gettext("tg.greeting", Lang.EN, name="<b>").startswith("Hello, <b>!")


def test_the_start_logs_each_language_missing_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.app as app

    gappy = Catalogs.from_po(
        {
            Lang.RU: _po("ru", 'msgid "a"\nmsgstr "да"\n'),
            Lang.EN: _po("en", 'msgid "a"\nmsgstr "yes"\n'),
            Lang.KK: _po("kk", ""),
        }
    )
    with capture_logs() as logs:
        app.check_texts()
    assert logs == []  # the shipped catalogues are complete
    monkeypatch.setattr(app, "default_catalogs", lambda: gappy)
    with capture_logs() as logs:
        app.check_texts()
    assert logs == [{"event": "texts_missing", "lang": "kk", "keys": ["a"], "log_level": "warning"}]
