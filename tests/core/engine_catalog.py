"""A small catalog for engine tests (independent of the real content, which changes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.content import Catalog, Entry, PerLang, PerLangList, Source, Topic
from bot.core.service import AnswerService, TsaParams


def _entry(**kw: Any) -> Entry:
    kw.setdefault("sources", [Source(para=396)])
    kw.setdefault("valid_as_of", date(2024, 1, 1))
    kw.setdefault("helplines", ["1414"])
    return Entry(**kw)


def catalog() -> Catalog:
    topics = [
        Topic(id="pensions", title=PerLang(kk="Зейнетақы", ru="Пенсии", en="Pensions")),
        Topic(id="tsa", kind="tsa", title=PerLang(kk="Атаулы әлеуметтік көмек", ru="АСП", en="Targeted social assistance")),
        Topic(id="disability", title=PerLang(kk="Мүгедектік", ru="Инвалидность", en="Disability")),
        Topic(id="violence", kind="crisis", title=PerLang(kk="Зорлық-зомбылық", ru="Насилие", en="Violence")),
        Topic(id="helplines", kind="crisis", title=PerLang(kk="Телефондар", ru="Телефоны", en="Helplines")),
    ]
    entries = [
        _entry(
            id="pension-retirement-age",
            topic="pensions",
            title=PerLang(kk="Зейнет жасы", ru="Пенсионный возраст", en="Retirement age"),
            questions=PerLangList(
                kk=["зейнет жасы қанша", "зейнетке қашан шығамын", "әйелдердің зейнет жасы"],
                ru=["какой пенсионный возраст", "когда выходить на пенсию", "пенсионный возраст женщин"],
                en=["what is the retirement age", "when can I retire", "pension age for women"],
            ),
            answer=PerLang(
                kk="Ерлер 63 жаста зейнеткерлікке шығады.",
                ru="Мужчины выходят на пенсию в 63 года.",
                en="Men retire at 63.",
            ),
            keywords=PerLangList(kk=["зейнет жасы"], ru=["пенсионный возраст"], en=["retirement age"]),
            sources=[Source(para=401), Source(ref="Social Code, art. 213", label={"ru": "Социальный кодекс, ст. 213"})],
            related=["pension-tiers"],
        ),
        _entry(
            id="pension-tiers",
            topic="pensions",
            title=PerLang(kk="Зейнетақы құрамы", ru="Из чего состоит пенсия", en="How the pension is made up"),
            questions=PerLangList(
                kk=["зейнетақы неден тұрады", "базалық зейнетақы деген не"],
                ru=["из чего состоит пенсия", "что такое базовая пенсия", "накопительная пенсия енпф"],
                en=["what makes up my pension", "what is the basic pension", "pension savings fund"],
            ),
            answer=PerLang(
                kk="Зейнетақы базалық, ортақ және жинақтаушы бөліктерден тұрады.",
                ru="Пенсия состоит из базовой, солидарной и накопительной частей.",
                en="The pension has basic, solidarity and funded parts.",
            ),
            keywords=PerLangList(kk=["БЖЗҚ"], ru=["ЕНПФ"], en=["pension fund"]),
        ),
        _entry(
            id="tsa-eligibility",
            topic="tsa",
            title=PerLang(kk="АӘК кімге беріледі", ru="Кому положена АСП", en="Who gets targeted social assistance"),
            questions=PerLangList(
                kk=["атаулы әлеуметтік көмекті кім алады", "АӘК алу үшін табыс қандай болуы керек"],
                ru=["кому положена адресная социальная помощь", "какой доход должен быть для асп"],
                en=["who can get targeted social assistance", "income limit for social assistance"],
            ),
            answer=PerLang(
                kk="Табысы кедейлік шегінен (ең төменгі күнкөріс деңгейінің 70 %) төмен отбасылар.",
                ru="Семьи с доходом ниже черты бедности (70 % прожиточного минимума).",
                en="Households with income below the poverty line (70% of the subsistence minimum).",
            ),
            keywords=PerLangList(kk=["АӘК"], ru=["АСП", "адресная помощь"], en=["TSA"]),
        ),
        _entry(
            id="disability-child-allowance",
            topic="disability",
            title=PerLang(kk="Мүгедек балаға жәрдемақы", ru="Пособие на ребёнка с инвалидностью", en="Child disability allowance"),
            questions=PerLangList(
                kk=["мүгедек балаға жәрдемақы", "мүгедек балаға қанша төленеді"],
                ru=["пособие на ребенка-инвалида", "сколько платят на ребенка с инвалидностью"],
                en=["allowance for a disabled child", "how much is paid for a child with disability"],
            ),
            answer=PerLang(
                kk="Жәрдемақы ең төменгі күнкөріс деңгейінің 1,61 еселенген мөлшерінде.",
                ru="Пособие равно 1,61 прожиточного минимума.",
                en="The allowance is 1.61 times the subsistence minimum.",
            ),
            keywords=PerLangList(kk=["мүгедек бала"], ru=["ребенок-инвалид"], en=["disabled child"]),
        ),
        _entry(
            id="violence-domestic-help",
            topic="violence",
            title=PerLang(kk="Тұрмыстық зорлық-зомбылық: көмек", ru="Бытовое насилие: куда обращаться", en="Domestic violence: where to get help"),
            questions=PerLangList(
                kk=["күйеуім ұрады не істеймін", "тұрмыстық зорлық туралы қайда хабарлаймын"],
                ru=["муж бьет куда обращаться", "бытовое насилие что делать", "закон о бытовом насилии"],
                en=["my husband hits me what do I do", "domestic violence help", "law on domestic violence"],
            ),
            answer=PerLang(
                kk="Полицияға 102 қоңырау шалыңыз; дағдарыс орталықтары тегін көмектеседі.",
                ru="Звоните в полицию 102; кризисные центры помогают бесплатно.",
                en="Call the police on 102; crisis centres help free of charge.",
            ),
            helplines=["102", "150"],
        ),
        _entry(
            id="helplines-emergency",
            kind="crisis",
            topic="helplines",
            title=PerLang(kk="Шұғыл нөмірлер", ru="Экстренные номера", en="Emergency numbers"),
            questions=PerLangList(
                kk=["шұғыл нөмір қандай", "жедел жәрдем нөмірі"],
                ru=["экстренный номер", "как вызвать скорую"],
                en=["emergency number", "how to call an ambulance"],
            ),
            answer=PerLang(kk="112 — шұғыл нөмір; 103 — жедел жәрдем.", ru="112 — экстренный номер; 103 — скорая.", en="112 is the emergency number; 103 ambulance."),
            helplines=["112", "102", "103"],
        ),
    ]
    return Catalog(topics=topics, entries=entries)


TSA = TsaParams(subsistence_minimum=43407, year=2024)


def service() -> AnswerService:
    return AnswerService(catalog(), tsa=TSA)
