"""A fallback that routes: which legal area an unanswered question is about, and who handles it.

The content cannot answer everything a citizen asks a legal bot (divorce, inheritance, fines,
taxes ...). When the engine falls back, a question that names a recognisable legal area gets a
fallback that says so ("questions about divorce and alimony") and names who handles such
questions, with the source of each fact:
  * 119, the Ministry of Justice's Legal Information Service: free advice on all legal issues,
    24/7, also in Telegram and WhatsApp (report para 86);
  * state-guaranteed free legal aid by a lawyer for some groups (paras 75, 78);
  * legal information on the eGov portal (para 87) and advice through 1414 (para 86).
It stays a fallback: no entry is named and nothing is claimed about the question itself.

Areas are recognised by word beginnings in the folded matching form (Kazakh letters folded,
transliteration converted), so "ажырасу", "ajyrasu" and "ажырасқым" all start with "ажыра".
A term written with a trailing "$" must be the whole word (short English words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.helplines import helpline_label
from bot.core.i18n import gettext
from bot.core.lang import Lang


class Handler(StrEnum):
    LEGAL_AID = "legal_aid"  # 119 + free legal aid for eligible groups
    PUBLIC_SERVICES = "public_services"  # 119 + eGov legal information + 1414


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    handler: Handler
    terms: tuple[str, ...]

    def name(self, lang: Lang) -> str:
        """What "a question about ..." completes with: ``area.<id>`` in the catalogues."""
        return gettext(f"area.{self.id}", lang)

    def matches(self, tokens: Sequence[str]) -> int:
        """How many of the message's words name this area."""
        hits = 0
        for t in tokens:
            for term in self.terms:
                if term.endswith("$"):
                    if t == term[:-1]:
                        hits += 1
                        break
                elif t.startswith(term) or (len(term) >= _INFIX_LETTERS and term in t):
                    hits += 1
                    break
        return hits


# A term this long is also found inside a compound ("загранпаспорт", "автострахование").
_INFIX_LETTERS = 6


def _terms(text: str) -> tuple[str, ...]:
    return tuple(text.split())


AREAS: tuple[Area, ...] = (
    Area(
        "family",
        Handler.LEGAL_AID,
        _terms(
            "развод разведен разводит развест развел расторжени алимент отцовств ажыра некеден "
            "divorc alimon paternit custody"
        ),
    ),
    Area(
        "inheritance",
        Handler.LEGAL_AID,
        _terms("наследств наследн наследова завещани нотариус мура мурагер осиет inherit wills$ testament heir notar"),
    ),
    Area(
        "labour",
        Handler.LEGAL_AID,
        _terms(
            "сверхуроч переработ отпуск отпускн увольн уволи уволь больничн испытательн выходн "
            "трудов декретн командиров сокращени демалыс жумыстан устеме "
            "overtime vacation dismiss fired fire$ severanc sick$ probation layoff redundan payslip"
        ),
    ),
    Area(
        "tax",
        Handler.PUBLIC_SERVICES,
        _terms("налог ндфл ипн ндс салык tax taxes$ vat$"),
    ),
    Area(
        "business",
        Handler.PUBLIC_SERVICES,
        _terms("ип$ тоо$ предприним лицензи бизнес кэсипкер касипкер жк$ licen business entrepreneur llp$"),
    ),
    Area(
        "finance",
        Handler.LEGAL_AID,
        _terms(
            "кредит займ микрокредит коллектор банкрот долг несие карыз банк страховк осаго "
            "сактандыр loan debt collector bankrupt credit bank insurance"
        ),
    ),
    Area(
        "consumer",
        Handler.LEGAL_AID,
        _terms(
            "потребител возврат гаранти чек$ брак тутынуш кайтар кепилд refund warrant consumer receipt "
            "purchase"
        ),
    ),
    Area(
        "housing",
        Handler.LEGAL_AID,
        _terms(
            "арендатор арендодател аренд съем съемн выселя коммунал квартплат жалга жалдау коммунал "
            "tenan landlord rent$ renting evict utilit"
        ),
    ),
    Area(
        "documents",
        Handler.PUBLIC_SERVICES,
        _terms(
            "паспорт удостоверени виза$ визу$ визы$ прописк фамили куалик азаматтыг "
            "passport visa$ visas$ citizenship naturali surname"
        ),
    ),
    Area(
        "transport",
        Handler.PUBLIC_SERVICES,
        _terms("штраф гаи водительск автомоб машин айыппул жургиз колик fine$ fines$ driving driver car$ cars$ traffic"),
    ),
    Area(
        "courts",
        Handler.LEGAL_AID,
        _terms("суд$ суда$ суде$ судеб апелляц обжалов адвокат арест сот$ сотка соттын court appeal lawyer attorney arrest"),
    ),
    Area(
        "education",
        Handler.PUBLIC_SERVICES,
        _terms("садик детсад грант унт$ вуз$ поступлени балабакш мектеп kindergarten nursery grant$ grants$ university tuition"),
    ),
    Area(
        "health",
        Handler.PUBLIC_SERVICES,
        _terms("стоматолог вакцин прививк екпе тис$ тисти dentist vaccin"),
    ),
    Area(
        "benefits",
        Handler.PUBLIC_SERVICES,
        _terms("индексац индекстел indexation"),
    ),
    Area(
        "military",
        Handler.PUBLIC_SERVICES,
        _terms("армия армии армию военкомат призыв отсрочк аскер military army conscript"),
    ),
)

AREA_IDS: frozenset[str] = frozenset(a.id for a in AREAS)
_BY_ID = {a.id: a for a in AREAS}


def area_by_id(area_id: str | None) -> Area | None:
    return _BY_ID.get(area_id) if area_id else None


def handler_text(handler: Handler, lang: Lang) -> str:
    """The bullet lines naming who handles such questions, in ``lang``: the numbers' names from
    the helplines, what else to know from the catalogues (``routing.*``)."""
    lines = [f"• {helpline_label('119', lang)}: {gettext('routing.line_119', lang)}."]
    if handler is Handler.LEGAL_AID:
        lines.append(f"• {gettext('routing.legal_aid', lang)}")
    else:
        lines.append(f"• {helpline_label('1414', lang)}: {gettext('routing.line_1414', lang)}.")
    return "\n".join(lines)


HANDLER_NUMBERS: dict[Handler, tuple[str, ...]] = {
    Handler.LEGAL_AID: ("119",),
    Handler.PUBLIC_SERVICES: ("119", "1414"),
}
HANDLER_PARAS: dict[Handler, tuple[int, ...]] = {
    Handler.LEGAL_AID: (75, 78, 86),
    Handler.PUBLIC_SERVICES: (86, 87),
}


def route(tokens: Sequence[str]) -> Area | None:
    """The legal area the message names most (the first listed on a tie), or None."""
    best: Area | None = None
    hits = 0
    for area in AREAS:
        n = area.matches(tokens)
        if n > hits:
            best, hits = area, n
    return best
