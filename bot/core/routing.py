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
from bot.core.lang import Lang


class Handler(StrEnum):
    LEGAL_AID = "legal_aid"  # 119 + free legal aid for eligible groups
    PUBLIC_SERVICES = "public_services"  # 119 + eGov legal information + 1414


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: dict[Lang, str]  # "questions about ..." completes with this
    handler: Handler
    terms: tuple[str, ...]

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
        {
            Lang.KK: "ажырасу, алимент және ерлі-зайыптылардың мүлкі",
            Lang.RU: "развод, алименты и имущество супругов",
            Lang.EN: "divorce, alimony and family property",
        },
        Handler.LEGAL_AID,
        _terms(
            "развод разведен разводит развест развел расторжени алимент отцовств ажыра некеден "
            "divorc alimon paternit custody"
        ),
    ),
    Area(
        "inheritance",
        {
            Lang.KK: "мұра және өсиет",
            Lang.RU: "наследство и завещание",
            Lang.EN: "inheritance and wills",
        },
        Handler.LEGAL_AID,
        _terms("наследств наследн наследова завещани нотариус мура мурагер осиет inherit wills$ testament heir notar"),
    ),
    Area(
        "labour",
        {
            Lang.KK: "еңбек шарты, жалақы, демалыс және жұмыстан шығару",
            Lang.RU: "трудовой договор, зарплату, отпуск и увольнение",
            Lang.EN: "employment contracts, pay, leave and dismissal",
        },
        Handler.LEGAL_AID,
        _terms(
            "сверхуроч переработ отпуск отпускн увольн уволи уволь больничн испытательн выходн "
            "трудов декретн командиров сокращени демалыс жумыстан устеме "
            "overtime vacation dismiss fired fire$ severanc sick$ probation layoff redundan payslip"
        ),
    ),
    Area(
        "tax",
        {
            Lang.KK: "салықтар",
            Lang.RU: "налоги",
            Lang.EN: "taxes",
        },
        Handler.PUBLIC_SERVICES,
        _terms("налог ндфл ипн ндс салык tax taxes$ vat$"),
    ),
    Area(
        "business",
        {
            Lang.KK: "кәсіпкерлік, ЖК және лицензиялар",
            Lang.RU: "предпринимательство, ИП и лицензии",
            Lang.EN: "running a business, sole proprietors and licences",
        },
        Handler.PUBLIC_SERVICES,
        _terms("ип$ тоо$ предприним лицензи бизнес кэсипкер касипкер жк$ licen business entrepreneur llp$"),
    ),
    Area(
        "finance",
        {
            Lang.KK: "банктер, несиелер, қарыздар және сақтандыру",
            Lang.RU: "банки, кредиты, долги и страхование",
            Lang.EN: "banks, loans, debts and insurance",
        },
        Handler.LEGAL_AID,
        _terms(
            "кредит займ микрокредит коллектор банкрот долг несие карыз банк страховк осаго "
            "сактандыр loan debt collector bankrupt credit bank insurance"
        ),
    ),
    Area(
        "consumer",
        {
            Lang.KK: "тұтынушылардың құқықтары: тауарды қайтару, кепілдік, қызметтер",
            Lang.RU: "права потребителей: возврат товара, гарантия, услуги",
            Lang.EN: "consumer rights: refunds, warranties and services",
        },
        Handler.LEGAL_AID,
        _terms(
            "потребител возврат гаранти чек$ брак тутынуш кайтар кепилд refund warrant consumer receipt "
            "purchase"
        ),
    ),
    Area(
        "housing",
        {
            Lang.KK: "пәтер жалдау, коммуналдық төлемдер және көршілермен даулар",
            Lang.RU: "аренду жилья, коммунальные платежи и споры с соседями",
            Lang.EN: "renting a home, utility bills and disputes with neighbours",
        },
        Handler.LEGAL_AID,
        _terms(
            "арендатор арендодател аренд съем съемн выселя коммунал квартплат жалга жалдау коммунал "
            "tenan landlord rent$ renting evict utilit"
        ),
    ),
    Area(
        "documents",
        {
            Lang.KK: "құжаттар, визалар, азаматтық және тіркеу",
            Lang.RU: "документы, визы, гражданство и прописку",
            Lang.EN: "documents, visas, citizenship and registration",
        },
        Handler.PUBLIC_SERVICES,
        _terms(
            "паспорт удостоверени виза$ визу$ визы$ прописк фамили куалик азаматтыг "
            "passport visa$ visas$ citizenship naturali surname"
        ),
    ),
    Area(
        "transport",
        {
            Lang.KK: "айыппұлдар, жүргізуші куәлігі және көлік",
            Lang.RU: "штрафы, водительские права и автомобили",
            Lang.EN: "fines, driving licences and cars",
        },
        Handler.PUBLIC_SERVICES,
        _terms("штраф гаи водительск автомоб машин айыппул жургиз колик fine$ fines$ driving driver car$ cars$ traffic"),
    ),
    Area(
        "courts",
        {
            Lang.KK: "сот, шағымдану мерзімдері, адвокаттар",
            Lang.RU: "суды, обжалование решений и адвокатов",
            Lang.EN: "courts, appeals and lawyers",
        },
        Handler.LEGAL_AID,
        _terms("суд$ суда$ суде$ судеб апелляц обжалов адвокат арест сот$ сотка соттын court appeal lawyer attorney arrest"),
    ),
    Area(
        "education",
        {
            Lang.KK: "балабақша, мектеп, университет және гранттар",
            Lang.RU: "детские сады, школы, вузы и гранты",
            Lang.EN: "kindergartens, schools, universities and grants",
        },
        Handler.PUBLIC_SERVICES,
        _terms("садик детсад грант унт$ вуз$ поступлени балабакш мектеп kindergarten nursery grant$ grants$ university tuition"),
    ),
    Area(
        "health",
        {
            Lang.KK: "медициналық қызметтер және емханалар",
            Lang.RU: "медицинские услуги и поликлиники",
            Lang.EN: "medical services and clinics",
        },
        Handler.PUBLIC_SERVICES,
        _terms("стоматолог вакцин прививк екпе тис$ тисти dentist vaccin"),
    ),
    Area(
        "benefits",
        {
            Lang.KK: "жәрдемақылар мен зейнетақылардың нақты сомалары",
            Lang.RU: "точные суммы пособий и пенсий",
            Lang.EN: "exact amounts of benefits and pensions",
        },
        Handler.PUBLIC_SERVICES,
        _terms("индексац индекстел indexation"),
    ),
    Area(
        "military",
        {
            Lang.KK: "әскери қызмет",
            Lang.RU: "воинскую службу",
            Lang.EN: "military service",
        },
        Handler.PUBLIC_SERVICES,
        _terms("армия армии армию военкомат призыв отсрочк аскер military army conscript"),
    ),
)

AREA_IDS: frozenset[str] = frozenset(a.id for a in AREAS)
_BY_ID = {a.id: a for a in AREAS}


def area_by_id(area_id: str | None) -> Area | None:
    return _BY_ID.get(area_id) if area_id else None


# Who handles questions of each kind: the lines of the routing fallback. The numbers' names come
# from bot.core.helplines (the one source of helpline names); these say what else to know.
_LINE_119 = {
    Lang.KK: "Әділет министрлігі, кез келген заң сұрағы бойынша, тәулік бойы, Telegram және WhatsApp арқылы да",
    Lang.RU: "Минюст, по любым правовым вопросам, круглосуточно, также в Telegram и WhatsApp",
    Lang.EN: "the Ministry of Justice, on any legal question, 24/7, also in Telegram and WhatsApp",
}
_LINE_1414 = {
    Lang.KK: "заң сұрақтары бойынша да кеңес береді; құқықтық ақпарат eGov порталында бар",
    Lang.RU: "тоже консультирует по правовым вопросам; правовая информация есть на портале eGov",
    Lang.EN: "also advises on legal questions; legal information is on the eGov portal",
}
_LINE_LEGAL_AID = {
    Lang.KK: (
        "Кейбір азаматтарға (АӘК алушылар, I–II топ мүгедектігі бар адамдар, жасы бойынша зейнеткерлер, "
        "мүгедектігі бар баланы жалғыз тәрбиелейтіндер және т.б.) адвокаттың заң көмегі тегін, оны мемлекет төлейді."
    ),
    Lang.RU: (
        "Некоторым гражданам (получателям АСП, людям с инвалидностью I–II группы, пенсионерам по возрасту, "
        "одиноко воспитывающим ребёнка с инвалидностью и др.) помощь адвоката бесплатна: её оплачивает государство."
    ),
    Lang.EN: (
        "Some citizens (TSA recipients, people with category I–II disabilities, old-age pensioners, "
        "those raising a child with disabilities alone, and others) get a lawyer's help free: the State pays."
    ),
}


def handler_text(handler: Handler, lang: Lang) -> str:
    """The bullet lines naming who handles such questions, in ``lang``."""
    lines = [f"• {helpline_label('119', lang)}: {_LINE_119[lang]}."]
    if handler is Handler.LEGAL_AID:
        lines.append(f"• {_LINE_LEGAL_AID[lang]}")
    else:
        lines.append(f"• {helpline_label('1414', lang)}: {_LINE_1414[lang]}.")
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
