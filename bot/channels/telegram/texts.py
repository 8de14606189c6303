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
