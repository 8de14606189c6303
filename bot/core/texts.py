"""Every fixed text a citizen reads, in kk/ru/en: plain and short."""

from __future__ import annotations

from bot.core.lang import Lang

FALLBACK = {
    Lang.KK: (
        "Бұл сұраққа сенімді жауап бере алмаймын. 1414 бірыңғай байланыс орталығына немесе "
        "119 құқықтық ақпарат қызметіне (тегін) қоңырау шалыңыз, не мәзірден тақырып таңдаңыз."
    ),
    Lang.RU: (
        "Не могу надёжно ответить на этот вопрос. Позвоните в единый контакт-центр 1414 или "
        "в службу правовой информации 119 (бесплатно), либо выберите тему в меню."
    ),
    Lang.EN: (
        "I can't answer that reliably. Call the government contact centre 1414 or the free "
        "legal information line 119, or pick a topic from the menu."
    ),
}

FALLBACK_TITLE = {
    Lang.KK: "Жауап табылмады",
    Lang.RU: "Ответ не найден",
    Lang.EN: "No reliable answer",
}

# The routing fallback: the question names a legal area the content does not cover.
ROUTED_FALLBACK = {
    Lang.KK: "Бұл — {area} туралы сұрақ. Бұл тақырып бойынша тексерілген жауабым жоқ. Көмектесетіндер:",
    Lang.RU: "Это вопрос про {area}. Проверенного ответа на такие вопросы у меня нет. Помогут:",
    Lang.EN: "This is a question about {area}. I don't have a verified answer on that. Who can help:",
}

SMALLTALK = {
    "greeting": {
        Lang.KK: (
            "Сәлеметсіз бе! Мен әлеуметтік құқықтар туралы сұрақтарға жауап беремін: атаулы көмек, "
            "мүгедектік, зейнетақы, отбасы мен балаларға жәрдемақы, еңбек, денсаулық, тұрғын үй, "
            "зорлық-зомбылықтан қорғау. Сұрағыңызды жазыңыз немесе тақырып таңдаңыз."
        ),
        Lang.RU: (
            "Здравствуйте! Я отвечаю на вопросы о социальных правах: адресная помощь, инвалидность, "
            "пенсии, пособия на семью и детей, труд, здоровье, жильё, защита от насилия. "
            "Напишите вопрос или выберите тему."
        ),
        Lang.EN: (
            "Hello! I answer questions about social rights: targeted assistance, disability, pensions, "
            "family and child benefits, work, health care, housing, help against violence. "
            "Type your question or pick a topic."
        ),
    },
    "thanks": {
        Lang.KK: "Рақмет! Тағы сұрағыңыз болса, жазыңыз немесе тақырып таңдаңыз.",
        Lang.RU: "Пожалуйста! Если есть ещё вопросы, напишите или выберите тему.",
        Lang.EN: "You're welcome! If you have another question, type it or pick a topic.",
    },
    "goodbye": {
        Lang.KK: "Сау болыңыз! Сұрағыңыз болса, қайта жазыңыз.",
        Lang.RU: "До свидания! Если появятся вопросы, пишите.",
        Lang.EN: "Goodbye! Write again whenever you have a question.",
    },
}

CLARIFY = {
    Lang.KK: "Сұрағыңызды дұрыс түсінгеніме сенімді емеспін. Мүмкін, сіз мына тақырыпты сұрадыңыз:",
    Lang.RU: "Не уверен, что правильно понял вопрос. Возможно, вы имели в виду:",
    Lang.EN: "I'm not sure I understood. Did you mean:",
}

CLARIFY_TAIL = {
    Lang.KK: "Тақырыпты таңдаңыз немесе сұрақты басқаша жазыңыз. Кеңес: 1414, 119.",
    Lang.RU: "Выберите вариант или переформулируйте вопрос. Консультация: 1414, 119.",
    Lang.EN: "Pick one or rephrase your question. Advice: 1414, 119.",
}

CRISIS = {
    Lang.KK: (
        "Егер сізге немесе басқа біреуге дәл қазір қауіп төніп тұрса, бірден қоңырау шалыңыз: "
        "112 немесе 102 (полиция). Балаға көмек керек болса: 150. Жедел жәрдем: 103."
    ),
    Lang.RU: (
        "Если вам или кому-то угрожает опасность прямо сейчас, звоните сразу: 112 или 102 "
        "(полиция). Помощь ребёнку: 150. Скорая помощь: 103."
    ),
    Lang.EN: (
        "If you or someone else is in danger right now, call at once: 112 or 102 (police). "
        "A child needs help: 150. Ambulance: 103."
    ),
}

MORE_QUESTIONS = {
    Lang.KK: "Хабарламаңызда басқа сұрақтар да бар, олардың жауабы төмендегі батырмаларда.",
    Lang.RU: "В сообщении есть и другие вопросы: ответы на них по кнопкам ниже.",
    Lang.EN: "Your message has other questions too: their answers are on the buttons below.",
}

SEE_ALSO = {
    Lang.KK: "Егер сұрағыңыз басқа туралы болса, мыналарды қараңыз:",
    Lang.RU: "Если вы спрашивали о другом, посмотрите также:",
    Lang.EN: "If you meant something else, see also:",
}

SOURCE_LABEL = {Lang.KK: "Дереккөз", Lang.RU: "Источник", Lang.EN: "Source"}
VALID_LABEL = {Lang.KK: "Ақпарат {date} күйіне сәйкес", Lang.RU: "Актуально на {date}", Lang.EN: "Valid as of {date}"}
REPORT_NAME = {
    Lang.KK: "Қазақстанның ЭӘМҚХП бойынша баяндамасы",
    Lang.RU: "Доклад Казахстана по МПЭСКП",
    Lang.EN: "ICESCR report of Kazakhstan",
}
PARA_ONE = {Lang.KK: "{n}-тармақ", Lang.RU: "п. {n}", Lang.EN: "para {n}"}
PARA_MANY = {Lang.KK: "{ns}-тармақтар", Lang.RU: "пп. {ns}", Lang.EN: "paras {ns}"}

HELPLINES_TITLE = {
    Lang.KK: "Пайдалы телефондар",
    Lang.RU: "Полезные телефоны",
    Lang.EN: "Useful phone numbers",
}

TSA_TITLE = {
    Lang.KK: "Атаулы әлеуметтік көмек (АӘК): алдын ала тексеру",
    Lang.RU: "Адресная социальная помощь (АСП): предварительная проверка",
    Lang.EN: "Targeted social assistance (TSA): quick pre-check",
}

TSA_FIGURES = {
    Lang.KK: (
        "Отбасындағы бір адамға шаққандағы табыс: айына {per_capita} теңге ({income} теңге / {size} адам). "
        "{year} жылғы кедейлік шегі — {line} теңге (ең төменгі күнкөріс деңгейінің 70 %-ы, {pm} теңге)."
    ),
    Lang.RU: (
        "Доход на одного члена семьи: {per_capita} тенге в месяц ({income} тенге / {size} чел.). "
        "Черта бедности на {year} год — {line} тенге (70 % прожиточного минимума, {pm} тенге)."
    ),
    Lang.EN: (
        "Income per household member: {per_capita} tenge a month ({income} tenge / {size} people). "
        "The poverty line for {year} is {line} tenge (70% of the subsistence minimum of {pm} tenge)."
    ),
}

TSA_BELOW = {
    Lang.KK: "Табысыңыз шектен төмен: сізде АӘК алуға құқық болуы мүмкін.",
    Lang.RU: "Ваш доход ниже черты: возможно, вам положена АСП.",
    Lang.EN: "Your income is below the line: you may be eligible for TSA.",
}

TSA_ABOVE = {
    Lang.KK: "Табысыңыз шектен жоғары: АӘК, шамасы, тағайындалмайды, бірақ басқа көмек түрлері болуы мүмкін.",
    Lang.RU: "Ваш доход выше черты: АСП, скорее всего, не назначат, но могут быть другие виды помощи.",
    Lang.EN: "Your income is above the line: TSA is unlikely, but other support may be available.",
}

TSA_NEXT = {
    Lang.KK: (
        "Не істеу керек: тұрғылықты жердегі әкімдікке (жұмыспен қамту және әлеуметтік "
        "бағдарламалар бөліміне) немесе eGov (egov.kz) арқылы өтініш беріңіз; сұрақтар бойынша — 1414."
    ),
    Lang.RU: (
        "Что делать: подайте заявление в местный акимат (отдел занятости и социальных программ) "
        "или через eGov (egov.kz); вопросы — по номеру 1414."
    ),
    Lang.EN: (
        "Next step: apply at your local akimat (employment and social programmes department) "
        "or via eGov (egov.kz); questions: call 1414."
    ),
}

TSA_CAVEAT = {
    Lang.KK: (
        "Бұл тек алдын ала есеп, {year} жылғы көрсеткіштер бойынша. Шешімді жергілікті уәкілетті орган "
        "отбасының барлық табысы мен мүлкін тексеріп барып қабылдайды."
    ),
    Lang.RU: (
        "Это только предварительный расчёт по показателям {year} года. Решение принимает местный "
        "уполномоченный орган после проверки всех доходов и имущества семьи."
    ),
    Lang.EN: (
        "This is only a rough estimate using {year} figures. The local office decides after "
        "checking all the household's income and assets."
    ),
}

TSA_BAD_INPUT = {
    Lang.KK: "Отбасы мүшелерінің санын (1 немесе одан көп) және айлық табысты (теңгемен) көрсетіңіз.",
    Lang.RU: "Укажите число членов семьи (1 или больше) и месячный доход семьи в тенге.",
    Lang.EN: "Please give the number of household members (1 or more) and the monthly income in tenge.",
}
