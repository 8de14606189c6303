"""Interface texts from gettext catalogues: ``bot/locales/<lang>/LC_MESSAGES/messages.po``.

Every fixed text a citizen or an operator reads lives in those three .po files, one per
language, so a translator edits them (Poedit, Weblate, a text editor) without touching Python.
A msgid is a stable key ("fallback.body", "tg.btn_topics"); the msgstr is the text, with
``{name}`` placeholders filled by ``str.format``. Counts use plural entries (msgid_plural repeats
the key) and the Plural-Forms rule of the file's header: Russian has three forms (1 запись,
2 записи, 5 записей), Kazakh and English two.

Babel parses the .po text and compiles it in memory into a standard ``GNUTranslations``, which
evaluates the plural rule: no .mo files to build or commit. The catalogues are package data,
read once, on first use, and never changed after; parsing (``Catalogs.from_po``) is pure.

A key missing in one language falls back to Russian, then English, so a citizen still gets a
text; ``Catalogs.gaps`` lists such keys for the start-up log and the tests, where they fail.
A key missing in every language is a bug and raises ``KeyError``.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from string import Formatter

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.core.lang import DEFAULT_LANG, LANGS, Lang

DOMAIN = "messages"
# Where a text missing in the asked language is looked for next.
FALLBACK_ORDER: tuple[Lang, ...] = (DEFAULT_LANG, Lang.EN)


@dataclass(frozen=True, slots=True)
class _Lang:
    translations: _gettext.GNUTranslations
    singular: frozenset[str]  # keys with a plain text
    plural: frozenset[str]  # keys with plural forms
    texts: Mapping[str, tuple[str, ...]]  # every key's text(s), for the checks


def _parse(po_text: str, lang: Lang) -> _Lang:
    catalog: Catalog = read_po(io.StringIO(po_text), locale=lang.value, domain=DOMAIN)
    singular: set[str] = set()
    plural: set[str] = set()
    texts: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue  # the header, or a text a translator marked for review
        forms: tuple[str, ...]
        if isinstance(message.id, str):
            key, forms = message.id, (str(message.string or ""),)
        else:  # a plural entry: (key, key) and one text per form
            key, forms = message.id[0], tuple(message.string or ())
        if not forms or not all(forms):
            continue  # untranslated
        (singular if isinstance(message.id, str) else plural).add(key)
        texts[key] = forms
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return _Lang(_gettext.GNUTranslations(mo), frozenset(singular), frozenset(plural), texts)


class Catalogs:
    """The texts of every language: ``gettext(key, lang)``, ``ngettext(key, n, lang)``."""

    def __init__(self, by_lang: Mapping[Lang, _Lang]) -> None:
        self._by_lang = dict(by_lang)

    @classmethod
    def from_po(cls, sources: Mapping[Lang, str]) -> Catalogs:
        """Parse the .po text of each language (a language without one has no texts)."""
        return cls({lang: _parse(text, lang) for lang, text in sources.items()})

    @classmethod
    def load(cls, root: Traversable) -> Catalogs:
        """Read ``<root>/<lang>/LC_MESSAGES/messages.po`` for every language."""
        sources = {}
        for lang in LANGS:
            path = root / lang.value / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                sources[lang] = path.read_text(encoding="utf-8")
        return cls.from_po(sources)

    def _lang_with(self, key: str, lang: Lang, *, plural: bool) -> _Lang:
        for candidate in (lang, *FALLBACK_ORDER):
            found = self._by_lang.get(candidate)
            if found is not None and key in (found.plural if plural else found.singular):
                return found
        kind = "plural text" if plural else "text"
        raise KeyError(f"no {kind} {key!r} in any language's catalogue")

    def gettext(self, key: str, lang: Lang, **values: object) -> str:
        """The text ``key`` in ``lang``, formatted with ``values`` when there are any."""
        template = self._lang_with(key, lang, plural=False).translations.gettext(key)
        return template.format(**values) if values else template

    def ngettext(self, key: str, n: int, lang: Lang, **values: object) -> str:
        """The plural form of ``key`` for ``n`` in ``lang``, formatted with ``n`` and ``values``."""
        template = self._lang_with(key, lang, plural=True).translations.ngettext(key, key, n)
        return template.format(n=n, **values)

    def get(self, key: str, lang: Lang) -> str | None:
        """The plain text ``key`` in ``lang`` (or the fallback's), or None when no language has it."""
        try:
            return self.gettext(key, lang)
        except KeyError:
            return None

    def keys(self, lang: Lang) -> frozenset[str]:
        found = self._by_lang.get(lang)
        return found.singular | found.plural if found else frozenset()

    def forms(self, key: str, lang: Lang) -> tuple[str, ...]:
        """The text(s) of ``key`` in ``lang`` as written: one, or one per plural form."""
        found = self._by_lang.get(lang)
        return found.texts.get(key, ()) if found else ()

    def gaps(self) -> dict[Lang, frozenset[str]]:
        """Per language, the keys another language has and it lacks (empty when complete)."""
        every = frozenset().union(*(self.keys(lang) for lang in LANGS))
        return {lang: every - self.keys(lang) for lang in LANGS if every - self.keys(lang)}


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` fields of a text."""
    return frozenset(field for _, field, _, _ in Formatter().parse(template) if field)


def locales_root() -> Traversable:
    """The catalogues' directory inside the installed package."""
    return resources.files("bot").joinpath("locales")


@functools.cache
def default_catalogs() -> Catalogs:
    """The package's catalogues, read once on first use and read-only after."""
    return Catalogs.load(locales_root())


def gettext(key: str, lang: Lang, **values: object) -> str:
    return default_catalogs().gettext(key, lang, **values)


def ngettext(key: str, n: int, lang: Lang, **values: object) -> str:
    return default_catalogs().ngettext(key, n, lang, **values)
