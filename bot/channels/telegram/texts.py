"""Every string of the Telegram interface, in Kazakh, Russian and English, plain and short.

Content (answers, titles, sources) comes from bot/core; this module holds only the UI around it:
buttons, greetings, replies to stickers and voice, operator messages. ``text(key, lang, **values)``
formats a string; values are HTML-escaped by the caller (render.py / handlers), never here.
"""

from __future__ import annotations

from bot.core.helplines import helpline_label
from bot.core.lang import DEFAULT_LANG, Lang

# The short helplines line under /start and /help. The names come from bot/core/helplines.py
# (HELPLINE_NAMES), the one source of helpline names for the whole bot: 119 is the Ministry of
# Justice Legal Information Service, free legal advice (report para 86), not "social support".
_HELP_PREFIX = {Lang.KK: "Көмек", Lang.RU: "Помощь", Lang.EN: "Help"}
HELPLINES_SHORT = {
    lang: f"{prefix}: " + "; ".join(helpline_label(n, lang) for n in ("1414", "119")) + "."
    for lang, prefix in _HELP_PREFIX.items()
}

TEXTS: dict[str, dict[Lang, str]] = {
    # ---- greeting and help
    "greeting": {
        Lang.KK: "Сәлеметсіз бе, {name}! Мен Қазақстандағы әлеуметтік құқықтар мен төлемдер туралы сұрақтарға жауап беремін.",
        Lang.RU: "Здравствуйте, {name}! Я отвечаю на вопросы о социальных правах и выплатах в Казахстане.",
        Lang.EN: "Hello, {name}! I answer questions about social rights and benefits in Kazakhstan.",
    },
    "about": {
        Lang.KK: "Бұл — анықтамалық ақпарат, заңгерлік кеңес емес.",
        Lang.RU: "Это справочная информация, а не юридическая консультация.",
        Lang.EN: "This is information, not legal advice.",
    },
    "ask_hint": {
        Lang.KK: "Сұрағыңызды жазыңыз немесе тақырыпты таңдаңыз:",
        Lang.RU: "Напишите вопрос или выберите тему:",
        Lang.EN: "Type your question or pick a topic:",
    },
    "help": {
        Lang.KK: (
            "Сұрағыңызды өз сөзіңізбен жазыңыз, мысалы: «Зейнет жасы қанша?»\n"
            "/topics — тақырыптар\n/check — АӘК алу мүмкіндігін тексеру\n/helplines — көмек телефондары\n"
            "/lang — тіл\n/privacy — не сақталады\n/forget — деректерімді жою"
        ),
        Lang.RU: (
            "Напишите вопрос своими словами, например: «Какой пенсионный возраст?»\n"
            "/topics — темы\n/check — проверить право на АСП\n/helplines — телефоны помощи\n"
            "/lang — язык\n/privacy — что хранится\n/forget — удалить мои данные"
        ),
        Lang.EN: (
            "Ask in your own words, for example: “What is the retirement age?”\n"
            "/topics — topics\n/check — check eligibility for TSA\n/helplines — helplines\n"
            "/lang — language\n/privacy — what is stored\n/forget — delete my data"
        ),
    },
    "choose_lang": {
        Lang.KK: "Тілді таңдаңыз:",
        Lang.RU: "Выберите язык:",
        Lang.EN: "Choose a language:",
    },
    "lang_set": {
        Lang.KK: "Тіл: қазақша. Сұрақтың тілі анық болмаса, осы тілде жауап беремін.",
        Lang.RU: "Язык: русский. Если язык вопроса неясен, отвечу на нём.",
        Lang.EN: "Language: English. When a question's language is unclear, I will answer in it.",
    },
    # ---- buttons
    "btn_topics": {Lang.KK: "📚 Тақырыптар", Lang.RU: "📚 Темы", Lang.EN: "📚 Topics"},
    "btn_back_topics": {Lang.KK: "⬅️ Тақырыптарға", Lang.RU: "⬅️ К темам", Lang.EN: "⬅️ Back to topics"},
    "btn_helplines": {Lang.KK: "☎️ Көмек телефондары", Lang.RU: "☎️ Телефоны помощи", Lang.EN: "☎️ Helplines"},
    "btn_useful": {Lang.KK: "👍 Пайдалы", Lang.RU: "👍 Полезно", Lang.EN: "👍 Helpful"},
    "btn_not_useful": {Lang.KK: "👎 Пайдасыз", Lang.RU: "👎 Не помогло", Lang.EN: "👎 Not helpful"},
    "btn_tsa_check": {
        Lang.KK: "✅ АӘК-ке құқығымды тексеру",
        Lang.RU: "✅ Проверить право на АСП",
        Lang.EN: "✅ Check my TSA eligibility",
    },
    "btn_forget_yes": {Lang.KK: "Иә, жою", Lang.RU: "Да, удалить", Lang.EN: "Yes, delete"},
    "btn_forget_no": {Lang.KK: "Жоқ", Lang.RU: "Нет", Lang.EN: "No"},
    "btn_cancel": {Lang.KK: "Болдырмау", Lang.RU: "Отмена", Lang.EN: "Cancel"},
    # ---- topics
    "topics_header": {Lang.KK: "Тақырыпты таңдаңыз:", Lang.RU: "Выберите тему:", Lang.EN: "Choose a topic:"},
    "topic_header": {Lang.KK: "{title}: сұрақты таңдаңыз", Lang.RU: "{title}: выберите вопрос", Lang.EN: "{title}: choose a question"},
    "no_topics": {
        Lang.KK: "Тақырыптар әзірге жоқ.",
        Lang.RU: "Темы пока не загружены.",
        Lang.EN: "No topics are loaded yet.",
    },
    "related_header": {Lang.KK: "Байланысты:", Lang.RU: "Связанные вопросы:", Lang.EN: "Related:"},
    # ---- callbacks
    "stale_button": {
        Lang.KK: "Бұл батырма ескірген. /topics арқылы қайта бастаңыз.",
        Lang.RU: "Эта кнопка устарела. Начните заново: /topics",
        Lang.EN: "This button is out of date. Start again with /topics",
    },
    "feedback_thanks": {Lang.KK: "Рақмет!", Lang.RU: "Спасибо за отзыв!", Lang.EN: "Thanks for the feedback!"},
    "feedback_sorry": {
        Lang.KK: "Рақмет! Жауапты жақсартамыз. Сұрақты басқаша жазып көріңіз немесе 1414-ке хабарласыңыз.",
        Lang.RU: "Спасибо! Мы улучшим ответ. Попробуйте переформулировать вопрос или позвоните 1414.",
        Lang.EN: "Thank you! We will improve this answer. Try rephrasing, or call 1414.",
    },
    # ---- media and other messages
    "media_sticker": {
        Lang.KK: "Стикер үшін рақмет 🙂 Мен тек мәтінді түсінемін — сұрағыңызды жазыңыз.",
        Lang.RU: "Спасибо за стикер 🙂 Я понимаю только текст — напишите, пожалуйста, вопрос.",
        Lang.EN: "Thanks for the sticker 🙂 I only understand text — please type your question.",
    },
    "media_voice": {
        Lang.KK: "Дауыстық хабарламаларды әзірге тыңдай алмаймын. Сұрағыңызды мәтінмен жазыңыз.",
        Lang.RU: "Голосовые сообщения я пока не слушаю. Напишите вопрос текстом, пожалуйста.",
        Lang.EN: "I can't listen to voice messages yet. Please type your question.",
    },
    "media_photo": {
        Lang.KK: "Суреттерді оқи алмаймын. Сұрағыңызды мәтінмен жазыңыз. Құжаттарыңызды ешкімге жібермеңіз.",
        Lang.RU: "Я не читаю фотографии. Напишите вопрос текстом. Не отправляйте фото документов в чаты.",
        Lang.EN: "I can't read photos. Please type your question. Do not send photos of your documents to chats.",
    },
    "media_document": {
        Lang.KK: "Файлдарды ашпаймын. Сұрағыңызды мәтінмен жазыңыз.",
        Lang.RU: "Я не открываю файлы. Напишите вопрос текстом, пожалуйста.",
        Lang.EN: "I don't open files. Please type your question.",
    },
    "media_location": {
        Lang.KK: "Орналасқан жеріңіз маған керек емес — жауаптар бүкіл Қазақстанға ортақ. Сұрағыңызды жазыңыз.",
        Lang.RU: "Геолокация мне не нужна — ответы общие для всего Казахстана. Напишите вопрос.",
        Lang.EN: "I don't need your location — answers apply across Kazakhstan. Please type your question.",
    },
    "media_other": {
        Lang.KK: "Мен тек мәтіндік сұрақтарға жауап беремін. Сұрағыңызды жазыңыз.",
        Lang.RU: "Я отвечаю только на текстовые вопросы. Напишите, пожалуйста, вопрос.",
        Lang.EN: "I answer text questions only. Please type your question.",
    },
    "unknown_command": {
        Lang.KK: "Мұндай команда жоқ. /help — не істей алатынымды көріңіз.",
        Lang.RU: "Такой команды нет. /help — что я умею.",
        Lang.EN: "I don't know that command. /help shows what I can do.",
    },
    "too_long": {
        Lang.KK: "Хабарлама өте ұзын. Мен алғашқы бөлігін ғана оқыдым.",
        Lang.RU: "Сообщение очень длинное, я прочитал только начало.",
        Lang.EN: "Your message is very long; I read only the beginning.",
    },
    "throttled": {
        Lang.KK: "Хабарламалар тым жиі келіп жатыр. Бір сәт күте тұрыңыз, сосын қайта жазыңыз.",
        Lang.RU: "Слишком много сообщений подряд. Подождите немного и напишите снова.",
        Lang.EN: "That's a lot of messages at once. Please wait a moment, then write again.",
    },
    "error": {
        Lang.KK: "Кешіріңіз, бірдеңе дұрыс болмады. Кейінірек қайталаңыз немесе 1414-ке қоңырау шалыңыз.",
        Lang.RU: "Извините, что-то пошло не так. Попробуйте позже или позвоните 1414.",
        Lang.EN: "Sorry, something went wrong. Please try again later or call 1414.",
    },
    # ---- privacy
    "privacy": {
        Lang.KK: (
            "Не сақталады: сұрақтарыңыздың мәтіні (ЖСН, телефон, карта, e-mail, құжат нөмірлері алдын ала "
            "жасырылады), таңдаған тіліңіз және бағаларыңыз. Telegram ID орнына кілтпен жасалған хэш сақталады. "
            "Сұрақтар {days} күннен кейін өшіріледі. /forget — деректеріңізді қазір жою."
        ),
        Lang.RU: (
            "Что хранится: текст ваших вопросов (ИИН, телефоны, карты, e-mail и номера документов "
            "заранее скрываются), выбранный язык и ваши оценки ответов. Вместо Telegram ID хранится "
            "ключевой хэш. Вопросы удаляются через {days} дней. /forget — удалить данные сейчас."
        ),
        Lang.EN: (
            "What is stored: the text of your questions (IIN, phone, card, e-mail and document numbers are "
            "masked first), your chosen language and your ratings of answers. Instead of your Telegram id a "
            "keyed hash is kept. Questions are deleted after {days} days. /forget deletes your data now."
        ),
    },
    "forget_confirm": {
        Lang.KK: "Сұрақтарыңызды, бағаларыңызды және тіл баптауын жою керек пе?",
        Lang.RU: "Удалить ваши вопросы, оценки и настройку языка?",
        Lang.EN: "Delete your questions, ratings and language setting?",
    },
    "forget_done": {
        Lang.KK: "Деректеріңіз жойылды.",
        Lang.RU: "Ваши данные удалены.",
        Lang.EN: "Your data has been deleted.",
    },
    "forget_cancelled": {Lang.KK: "Ештеңе жойылмады.", Lang.RU: "Ничего не удалено.", Lang.EN: "Nothing was deleted."},
    # ---- TSA (АСП) pre-check
    "tsa_household": {
        Lang.KK: "АӘК-ті алдын ала тексеру. Отбасыңызда неше адам тұрады? Санмен жазыңыз (мысалы, 4).",
        Lang.RU: "Предварительная проверка права на АСП. Сколько человек в вашей семье? Напишите число (например, 4).",
        Lang.EN: "TSA pre-check. How many people live in your household? Type a number (e.g. 4).",
    },
    "tsa_income": {
        Lang.KK: "Отбасының айлық жалпы табысы қанша теңге? Санмен жазыңыз (мысалы, 120000).",
        Lang.RU: "Какой общий доход семьи в месяц, в тенге? Напишите число (например, 120000).",
        Lang.EN: "What is the household's total monthly income in tenge? Type a number (e.g. 120000).",
    },
    "tsa_bad_household": {
        Lang.KK: "1-ден 30-ға дейінгі санды жазыңыз.",
        Lang.RU: "Напишите число от 1 до 30.",
        Lang.EN: "Please type a number from 1 to 30.",
    },
    "tsa_bad_income": {
        Lang.KK: "Табысты теңгемен, тек санмен жазыңыз (мысалы, 120000).",
        Lang.RU: "Напишите доход в тенге, только число (например, 120000).",
        Lang.EN: "Please type the income in tenge as a number (e.g. 120000).",
    },
    "tsa_cancelled": {
        Lang.KK: "Тексеру тоқтатылды.",
        Lang.RU: "Проверка отменена.",
        Lang.EN: "Check cancelled.",
    },
    # ---- operators
    "op_stats": {
        Lang.KK: "Статистика\n24 сағат: сұрақтар — {today_total}, жауап берілгені — {today_share}%\n7 күн: сұрақтар — {week_total}, жауап берілгені — {week_share}%\n👍 {up} / 👎 {down}",
        Lang.RU: "Статистика\nЗа 24 ч: вопросов — {today_total}, отвечено — {today_share}%\nЗа 7 дней: вопросов — {week_total}, отвечено — {week_share}%\n👍 {up} / 👎 {down}",
        Lang.EN: "Stats\nLast 24 h: {today_total} questions, {today_share}% answered\nLast 7 days: {week_total} questions, {week_share}% answered\n👍 {up} / 👎 {down}",
    },
    "op_top_entries": {Lang.KK: "Жиі сұралатындар:", Lang.RU: "Частые темы:", Lang.EN: "Top entries:"},
    "op_top_unanswered": {
        Lang.KK: "Жауапсыз қалған сұрақтар:",
        Lang.RU: "Вопросы без ответа:",
        Lang.EN: "Top unanswered:",
    },
    "op_none": {Lang.KK: "— жоқ", Lang.RU: "— нет", Lang.EN: "— none"},
    "op_reload_ok": {
        Lang.KK: "Мазмұн жаңартылды: {entries} жазба, {topics} тақырып (нұсқа {version}).",
        Lang.RU: "Контент перезагружен: {entries} записей, {topics} тем (версия {version}).",
        Lang.EN: "Content reloaded: {entries} entries, {topics} topics (version {version}).",
    },
    "op_reload_failed": {
        Lang.KK: "Мазмұн жүктелмеді, ескі нұсқа жұмыс істеп тұр. Қателер:",
        Lang.RU: "Контент не загружен, работает прежняя версия. Ошибки:",
        Lang.EN: "Content not loaded; the previous version stays live. Problems:",
    },
}


# ---- human handoff ("ask a lawyer", issue 13): kept together so it moves to the catalogues in one piece.
# Citizen texts are in the citizen's language; ``op_*`` texts go to the operators' group in REPORT_LANG.
TEXTS.update(
    {
        "btn_lawyer": {Lang.KK: "👩‍⚖️ Заңгерден сұрау", Lang.RU: "👩‍⚖️ Спросить юриста", Lang.EN: "👩‍⚖️ Ask a lawyer"},
        "btn_handoff_confirm": {Lang.KK: "✅ Заңгерге жіберу", Lang.RU: "✅ Отправить юристу", Lang.EN: "✅ Send to a lawyer"},
        "btn_handoff_cancel": {Lang.KK: "✖️ Болдырмау", Lang.RU: "✖️ Отмена", Lang.EN: "✖️ Cancel"},
        "btn_rate_up": {Lang.KK: "👍 Көмектесті", Lang.RU: "👍 Помогло", Lang.EN: "👍 Helpful"},
        "btn_rate_down": {Lang.KK: "👎 Көмектеспеді", Lang.RU: "👎 Не помогло", Lang.EN: "👎 Not helpful"},
        "handoff_consent": {
            Lang.KK: (
                "Сұрағыңыз заңгерге осы түрде жіберіледі (жеке деректер жасырылған):\n\n«{question}»\n\n"
                "Заңгер тек осы мәтінді, тілді және тақырыпты көреді — атыңызды, телефоныңызды көрмейді. Жіберейін бе?"
            ),
            Lang.RU: (
                "Ваш вопрос будет передан юристу в таком виде (личные данные скрыты):\n\n«{question}»\n\n"
                "Юрист увидит только этот текст, язык и тему — не ваше имя и не телефон. Отправить?"
            ),
            Lang.EN: (
                "Your question will go to a lawyer like this (personal data hidden):\n\n“{question}”\n\n"
                "The lawyer sees only this text, the language and the topic — not your name or phone. Send it?"
            ),
        },
        "handoff_ask_question": {
            Lang.KK: "Заңгерге сұрағыңызды бір хабарламамен жазыңыз.",
            Lang.RU: "Напишите вопрос для юриста одним сообщением.",
            Lang.EN: "Type your question for the lawyer in one message.",
        },
        "handoff_opened_now": {
            Lang.KK: (
                "{code} өтініші заңгерге жіберілді. Жауап әдетте {sla} жұмыс сағаты ішінде келеді. "
                "Осында жаза беріңіз — хабарламаларды заңгер көреді. /cancel — өтінішті жабу."
            ),
            Lang.RU: (
                "Обращение {code} передано юристу. Ответ обычно приходит в течение {sla} рабочих часов. "
                "Пишите сюда — сообщения увидит юрист. /cancel — закрыть обращение."
            ),
            Lang.EN: (
                "Case {code} has gone to a lawyer. An answer usually comes within {sla} working hours. "
                "Write here — the lawyer sees your messages. /cancel closes the case."
            ),
        },
        "handoff_opened_later": {
            Lang.KK: (
                "{code} өтініші заңгерге жіберілді. Заңгерлер {hours} жұмыс істейді (Астана уақыты); "
                "жауап {when} кейін келеді. Шұғыл құқықтық сұрақ болса — 119 (тегін). "
                "Қауіп төнсе — 102 немесе 112. /cancel — өтінішті жабу."
            ),
            Lang.RU: (
                "Обращение {code} передано юристу. Юристы работают {hours} (время Астаны); "
                "ответ придёт после {when}. Срочный правовой вопрос — 119 (бесплатно). "
                "Если вам угрожает опасность — 102 или 112. /cancel — закрыть обращение."
            ),
            Lang.EN: (
                "Case {code} has gone to a lawyer. Lawyers work {hours} (Astana time); "
                "expect an answer after {when}. For an urgent legal question call 119 (free). "
                "If you are in danger call 102 or 112. /cancel closes the case."
            ),
        },
        # Weekday names for HANDOFF_HOURS in the citizen's language (Monday first).
        "handoff_days": {
            Lang.KK: "дс,сс,ср,бс,жм,сб,жс",
            Lang.RU: "пн,вт,ср,чт,пт,сб,вс",
            Lang.EN: "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        },
        "handoff_not_sent": {
            Lang.KK: "Жарайды, сұрақ ешкімге жіберілмеді.",
            Lang.RU: "Хорошо, вопрос никуда не передан.",
            Lang.EN: "All right, the question was not sent anywhere.",
        },
        "handoff_cancelled": {
            Lang.KK: "{code} өтініші жабылды. Ботқа қайтадан сұрақ қоя аласыз.",
            Lang.RU: "Обращение {code} закрыто. Можно снова задавать вопросы боту.",
            Lang.EN: "Case {code} is closed. You can ask the bot again.",
        },
        "handoff_none": {
            Lang.KK: "Ашық өтініш жоқ.",
            Lang.RU: "Открытых обращений нет.",
            Lang.EN: "You have no open case.",
        },
        "handoff_already": {
            Lang.KK: "Сізде {code} өтініші ашық. Осында жазыңыз — хабарламаларды заңгер көреді. /cancel — оны жабу.",
            Lang.RU: "У вас уже открыто обращение {code}. Пишите сюда — сообщения увидит юрист. /cancel — закрыть его.",
            Lang.EN: "You already have case {code} open. Write here — the lawyer sees your messages. /cancel closes it.",
        },
        "handoff_banned": {
            Lang.KK: "Қазір заңгерге сұрақ жібере алмайсыз ({until} дейін). Тегін құқықтық кеңес: 119.",
            Lang.RU: "Сейчас вы не можете отправлять вопросы юристу (до {until}). Бесплатная правовая консультация: 119.",
            Lang.EN: "You cannot send questions to a lawyer right now (until {until}). Free legal advice: 119.",
        },
        "handoff_unavailable": {
            Lang.KK: "Заңгерге сұрақ жіберу қазір қолжетімсіз. Тегін құқықтық кеңес: 119.",
            Lang.RU: "Передача вопроса юристу сейчас недоступна. Бесплатная правовая консультация: 119.",
            Lang.EN: "Sending a question to a lawyer is not available right now. Free legal advice: 119.",
        },
        "handoff_media": {
            Lang.KK: "Файлдар мен фотолар заңгерге жіберілмейді (құжатта жеке деректер болуы мүмкін). Мәтінмен жазыңыз.",
            Lang.RU: "Файлы и фото юристу не передаются (в документе могут быть личные данные). Напишите, пожалуйста, текстом.",
            Lang.EN: "Files and photos are not passed on (a document may hold personal data). Please type your message.",
        },
        "handoff_label": {Lang.KK: "Заңгер:", Lang.RU: "Юрист:", Lang.EN: "Lawyer:"},
        "handoff_closed": {
            Lang.KK: "Заңгер {code} өтінішін жапты. Жауап көмектесті ме?",
            Lang.RU: "Юрист закрыл обращение {code}. Помог ли ответ?",
            Lang.EN: "The lawyer closed case {code}. Did the answer help?",
        },
        "handoff_thanks": {Lang.KK: "Бағаңызға рақмет!", Lang.RU: "Спасибо за оценку!", Lang.EN: "Thank you for the rating!"},
        "handoff_expired": {
            Lang.KK: (
                "Өкінішке қарай, {code} өтінішіне заңгер уақытында жауап бере алмады, ол жабылды. "
                "119 нөміріне қоңырау шалыңыз — тегін құқықтық кеңес, немесе қайта жіберіңіз: /lawyer."
            ),
            Lang.RU: (
                "К сожалению, юрист не успел ответить на обращение {code}, и оно закрыто. "
                "Позвоните на 119 — бесплатная правовая консультация, или отправьте вопрос снова: /lawyer."
            ),
            Lang.EN: (
                "Sorry, no lawyer answered case {code} in time, and it is closed. "
                "Call 119 for free legal advice, or send the question again: /lawyer."
            ),
        },
        "handoff_too_late": {
            Lang.KK: "Бұл өтініш жабылған.",
            Lang.RU: "Это обращение уже закрыто.",
            Lang.EN: "This case is already closed.",
        },
        # ---- the operators' group
        "op_case_intro": {
            Lang.KK: (
                "{code} өтініші · тіл: {language} · тақырып: {topic}\n\nСұрақ (жеке деректер жасырылған):\n{question}\n\n"
                "Бот не жауап берді: {summary}\n\nЖауапты осы тақырыпқа жазыңыз — азаматқа «Заңгер» атынан жетеді. "
                "/close — жабу, /ban КҮН — жаңа өтініштерге тыйым."
            ),
            Lang.RU: (
                "Обращение {code} · язык: {language} · тема: {topic}\n\nВопрос (личные данные скрыты):\n{question}\n\n"
                "Что ответил бот: {summary}\n\nПишите ответ в эту тему — гражданин получит его от имени «Юрист». "
                "/close — закрыть, /ban ДНИ — запретить новые обращения."
            ),
            Lang.EN: (
                "Case {code} · language: {language} · topic: {topic}\n\nQuestion (personal data hidden):\n{question}\n\n"
                "What the bot answered: {summary}\n\nWrite your answer in this topic — the citizen gets it as from "
                "“Lawyer”. /close closes it, /ban DAYS stops new cases."
            ),
        },
        "op_recreated": {
            Lang.KK: "(Бұрынғы тақырып жойылған, ол қайта құрылды.)",
            Lang.RU: "(Прежнюю тему удалили — она создана заново.)",
            Lang.EN: "(The earlier topic was deleted; this one replaces it.)",
        },
        "op_summary_fallback": {
            Lang.KK: "дайын жауап жоқ (сенімділік {confidence}), бағыт: {area}",
            Lang.RU: "готового ответа нет (уверенность {confidence}), направление: {area}",
            Lang.EN: "no curated answer (confidence {confidence}), routed to: {area}",
        },
        "op_summary_clarify": {
            Lang.KK: "сенімсіз (сенімділік {confidence}), ұсынды: {titles}",
            Lang.RU: "не уверен (уверенность {confidence}), предложил: {titles}",
            Lang.EN: "not sure (confidence {confidence}), suggested: {titles}",
        },
        "op_summary_direct": {
            Lang.KK: "азамат бірден заңгерді сұрады (/lawyer)",
            Lang.RU: "гражданин сразу попросил юриста (/lawyer)",
            Lang.EN: "the citizen asked for a lawyer directly (/lawyer)",
        },
        "op_citizen": {Lang.KK: "Азамат:", Lang.RU: "Гражданин:", Lang.EN: "Citizen:"},
        "op_btn_take": {Lang.KK: "🙋 Алу", Lang.RU: "🙋 Взять", Lang.EN: "🙋 Take"},
        "op_btn_close": {Lang.KK: "✅ Жабу", Lang.RU: "✅ Закрыть", Lang.EN: "✅ Close"},
        "op_taken": {
            Lang.KK: "{code} өтінішін алды.",
            Lang.RU: "Обращение {code} взято в работу.",
            Lang.EN: "Case {code} is taken.",
        },
        "op_closed": {
            Lang.KK: "{code} өтініші жабылды; азаматтан баға сұралды.",
            Lang.RU: "Обращение {code} закрыто; гражданина попросили оценить ответ.",
            Lang.EN: "Case {code} is closed; the citizen was asked to rate it.",
        },
        "op_cancelled": {
            Lang.KK: "Азамат {code} өтінішін жапты.",
            Lang.RU: "Гражданин закрыл обращение {code}.",
            Lang.EN: "The citizen closed case {code}.",
        },
        "op_expired": {
            Lang.KK: "{code} өтініші жауапсыз қалып, мерзімі өтті; азаматқа 119 айтылды.",
            Lang.RU: "Обращение {code} истекло без ответа; гражданину назван 119.",
            Lang.EN: "Case {code} expired unanswered; the citizen was given 119.",
        },
        "op_banned": {
            Lang.KK: "Бұл азамат {days} күн бойы жаңа өтініш аша алмайды.",
            Lang.RU: "Этот гражданин не сможет открывать новые обращения {days} дн.",
            Lang.EN: "This citizen cannot open new cases for {days} days.",
        },
        "op_ban_usage": {
            Lang.KK: "Қолданылуы: өтініш тақырыбында /ban КҮН (1–365).",
            Lang.RU: "Использование: /ban ДНИ (1–365), в теме обращения.",
            Lang.EN: "Usage: /ban DAYS (1–365), in a case's topic.",
        },
        "op_no_case": {
            Lang.KK: "Бұл тақырыпта ашық өтініш жоқ; хабарлама жіберілмеді.",
            Lang.RU: "В этой теме нет открытого обращения; сообщение не передано.",
            Lang.EN: "No open case in this topic; the message was not passed on.",
        },
        "op_not_delivered": {
            Lang.KK: "Жеткізілмеді: азамат ботты бұғаттаған.",
            Lang.RU: "Не доставлено: гражданин заблокировал бота.",
            Lang.EN: "Not delivered: the citizen blocked the bot.",
        },
        "op_text_only": {
            Lang.KK: "Азаматқа тек мәтін жіберіледі.",
            Lang.RU: "Гражданину передаётся только текст.",
            Lang.EN: "Only text is passed on to the citizen.",
        },
        "op_queue_empty": {
            Lang.KK: "Мерзімі өткен өтініш жоқ.",
            Lang.RU: "Просроченных обращений нет.",
            Lang.EN: "No overdue cases.",
        },
        "op_queue_head": {
            Lang.KK: "Мерзімі өткен өтініштер ({sla} жұмыс сағатында жауап жоқ):",
            Lang.RU: "Просроченные обращения (нет ответа за {sla} рабочих ч.):",
            Lang.EN: "Overdue cases (no answer within {sla} working hours):",
        },
    }
)


def text(key: str, lang: Lang | None, **values: object) -> str:
    """The UI string ``key`` in ``lang`` (Russian when unknown), formatted with ``values``."""
    variants = TEXTS[key]
    template = variants.get(lang or DEFAULT_LANG) or variants[DEFAULT_LANG]
    return template.format(**values) if values else template


LANG_BUTTONS: dict[Lang, str] = {Lang.KK: "🇰🇿 Қазақша", Lang.RU: "🇷🇺 Русский", Lang.EN: "🇬🇧 English"}

COMMANDS: dict[Lang, list[tuple[str, str]]] = {
    Lang.KK: [
        ("start", "Бастау"),
        ("topics", "Тақырыптар"),
        ("check", "АӘК құқығын тексеру"),
        ("helplines", "Көмек телефондары"),
        ("lang", "Тіл"),
        ("privacy", "Не сақталады"),
        ("forget", "Деректерімді жою"),
        ("help", "Көмек"),
    ],
    Lang.RU: [
        ("start", "Начать"),
        ("topics", "Темы"),
        ("check", "Проверить право на АСП"),
        ("helplines", "Телефоны помощи"),
        ("lang", "Язык"),
        ("privacy", "Что хранится"),
        ("forget", "Удалить мои данные"),
        ("help", "Помощь"),
    ],
    Lang.EN: [
        ("start", "Start"),
        ("topics", "Topics"),
        ("check", "Check TSA eligibility"),
        ("helplines", "Helplines"),
        ("lang", "Language"),
        ("privacy", "What is stored"),
        ("forget", "Delete my data"),
        ("help", "Help"),
    ],
}
