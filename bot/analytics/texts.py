"""The report's words in Kazakh, Russian and English (``stats --lang``; the sandbox's panel).

Every label the terminal summary, the HTML page and the charts show comes from here, so a
report in one language has no words of another (question wordings aside: they are quoted).
"""

from __future__ import annotations

REPORT_LANGS = ("kk", "ru", "en")
DEFAULT_REPORT_LANG = "en"

_T: dict[str, tuple[str, str, str]] = {
    # key: (kk, ru, en)
    "title": ("Азаматтар ботқа не сұрайды", "О чём граждане спрашивают бота", "What citizens ask the bot"),
    "sandbox_title": (
        "Құмсалғыш: азаматтар ботқа не сұрайды",
        "Песочница: о чём граждане спрашивают бота",
        "Sandbox: what citizens ask the bot",
    ),
    "sub": (
        "Соңғы {days} күн · жасалған уақыты {generated} · сұрақ мәтіндерінен жеке деректер алынып тасталған; "
        "пайдаланушылардың кім екені сақталмайды.",
        "Последние {days} дн. · сформирован {generated} · из текстов вопросов удалены личные данные; "
        "личности пользователей не хранятся.",
        "Last {days} days · generated {generated} · question texts are redacted; no user identities are stored.",
    ),
    "questions_in_days": ("Соңғы {days} күндегі сұрақтар: {n}", "Вопросов за последние {days} дн.: {n}",
                          "Questions in the last {days} days: {n}"),
    "no_questions": ("(әзірге бірде-бір сұрақ жазылмаған)", "(вопросов пока не записано)", "(no questions recorded yet)"),
    "looked_in": (
        "әзірге бірде-бір сұрақ жазылмаған (қаралған дерекқор: {where})",
        "вопросов пока не записано (проверена база: {where})",
        "no questions recorded yet (looked in {where})",
    ),
    "by_language": ("Тілдер бойынша", "По языкам", "By language"),
    "feedback_line": (
        "Бағалар: {ratings} баға, {answers} жауапқа ({rate}); «пайдасыз» — {down}",
        "Оценки: {ratings} на {answers} ответов ({rate}); «не помогло» — {down}",
        "Feedback: {ratings} ratings on {answers} answers ({rate}), thumbs down {down}",
    ),
    "avg_reply": ("Орташа жауап беру уақыты: {ms} мс", "Среднее время ответа: {ms} мс", "Average reply time: {ms} ms"),
    "top_entries_line": (
        "Ең көп берілген жауаптар (сұралды · бағаланды · «пайдасыз»):",
        "Самые частые ответы (спрошено · оценено · «не помогло»):",
        "Top entries (asked · rated · thumbs down):",
    ),
    "unanswered_line": (
        "Жауапсыз қалғандар (жауап жоқ + нақтылау: {n}) — қандай мазмұн жетіспейді:",
        "Без ответа (нет ответа + уточнение: {n}) — какого содержания не хватает:",
        "Unanswered (fallback + clarify: {n}) — what content is missing:",
    ),
    "draft_hint": (
        "Жоба жазба: python -m bot content draft НӨМІР",
        "Черновик записи: python -m bot content draft НОМЕР",
        "Draft an entry: python -m bot content draft NUMBER",
    ),
    "by_day": ("Күндер бойынша", "По дням", "By day"),
    # tiles
    "tile_questions": ("сұрақ, соңғы {days} күн", "вопросов, последние {days} дн.", "questions, last {days} days"),
    "tile_answered": ("жазбадан жауап берілді", "отвечено из записи", "answered from an entry"),
    "tile_clarify": ("нақтылау («сіз мынаны айттыңыз ба»)", "уточнение («вы имели в виду»)", "clarify (did you mean)"),
    "tile_fallback": ("жауап жоқ", "нет ответа", "fallback (no answer)"),
    "tile_crisis": ("дағдарыс жауаптары", "кризисные ответы", "crisis replies"),
    "tile_rated": ("жауаптар бағаланды ({n})", "ответов оценено ({n})", "answers rated ({n})"),
    "tile_down": ("бағалардың «пайдасыз» деген үлесі", "оценок — «не помогло»", "of ratings say “not helpful”"),
    "tile_latency": ("орташа жауап уақыты", "среднее время ответа", "average reply time"),
    "ms": ("мс", "мс", "ms"),
    # sections
    "h_volume": ("Көлемі", "Объём", "Volume"),
    "h_outcomes": ("Нәтижелер", "Результаты", "Outcomes"),
    "h_entries": ("Жазбалар", "Записи", "Entries"),
    "h_missing": ("Қандай мазмұн жетіспейді", "Какого содержания не хватает", "What content is missing"),
    "missing_sub": (
        "Жауап жоқ және нақтылау сұрақтары ({n}), мағынасы бойынша топтастырылған (тілге қарамай).",
        "Вопросы без ответа и с уточнением ({n}), сгруппированы по смыслу (на всех языках вместе).",
        "Fallback and clarify questions ({n}), grouped by meaning across languages.",
    ),
    "no_data": ("{what}: әзірге дерек жоқ.", "{what}: данных пока нет.", "{what}: no data yet."),
    "no_answers": ("Әзірге жауап жоқ.", "Ответов пока нет.", "No answers yet."),
    "no_unanswered": ("Бұл кезеңде жауапсыз сұрақ жоқ.", "За этот период вопросов без ответа нет.",
                      "No unanswered questions in this period."),
    # tables
    "col_language": ("тіл", "язык", "language"),
    "col_channel": ("арна", "канал", "channel"),
    "col_unanswered": ("жауапсыз", "без ответа", "unanswered"),
    "h_channels": ("Арналар", "Каналы", "Channels"),
    "by_channel": ("Арналар бойынша", "По каналам", "By channel"),
    "channel_line": (
        "{channel}: {n} сұрақ, жауап берілді {answered}, жауапсыз {unanswered}, бағалар 👍 {up} / 👎 {down}",
        "{channel}: {n} вопр., отвечено {answered}, без ответа {unanswered}, оценки 👍 {up} / 👎 {down}",
        "{channel}: {n} questions, answered {answered}, unanswered {unanswered}, ratings 👍 {up} / 👎 {down}",
    ),
    "col_questions": ("сұрақтар", "вопросы", "questions"),
    "col_share": ("үлесі", "доля", "share"),
    "col_entry": ("жазба", "запись", "entry"),
    "col_answers": ("жауаптар", "ответы", "answers"),
    "col_helpful": ("пайдалы", "помогло", "helpful"),
    "col_not_helpful": ("пайдасыз", "не помогло", "not helpful"),
    "col_rated": ("бағаланды", "оценено", "rated"),
    "col_not_helpful_share": ("«пайдасыз» үлесі", "доля «не помогло»", "not helpful, share"),
    "col_comments": ("пікірлер", "комментарии", "comments"),
    "col_wording": ("тұжырымы (және ұқсастары)", "формулировка (и похожие)", "wording (and similar ones)"),
    "col_languages": ("тілдер", "языки", "languages"),
    "col_topic": ("тақырып", "тема", "topic"),
    "col_day": ("күн", "день", "day"),
    "col_total": ("барлығы", "всего", "total"),
    "col_answered": ("жауап берілді", "отвечено", "answered"),
    "days_table": ("Күн сайынғы сұрақтар (кесте)", "Вопросы по дням (таблица)", "Questions per day (table)"),
    "out_of_scope": ("қамтылмаған: {name}", "не охвачено: {name}", "not covered: {name}"),
    "near_entry": ("жазбаға жақын: {name}", "близко к записи: {name}", "near entry: {name}"),
    "by_wording": ("ұқсас тұжырым", "похожие формулировки", "similar wording"),
    # charts
    "chart_per_day": ("Күн сайынғы сұрақтар, тілдер бойынша", "Вопросы по дням, по языкам", "Questions per day, by language"),
    "chart_outcomes": (
        "Жауап берілген үлес уақыт бойынша (және қалғандарына не болды)",
        "Доля отвеченных по дням (и что стало с остальными)",
        "Answered share over time (and what happened to the rest)",
    ),
    "chart_entries": ("Ең көп берілген жауаптар", "Самые частые ответы", "Top entries (answers given)"),
    "chart_clusters": ("Жауапсыз сұрақтардың ең үлкен топтары", "Крупнейшие группы вопросов без ответа",
                       "Top unanswered question clusters"),
    "axis_questions": ("сұрақтар", "вопросы", "questions"),
    "axis_percent": ("сұрақтардың %", "% вопросов", "% of questions"),
    "down_note": ("   ({pct} «пайдасыз», {n} бағадан)", "   ({pct} «не помогло» из {n})", "   ({pct} thumbs down of {n})"),
    # kinds and languages
    "kind_answer": ("жауап берілді", "отвечено", "answered"),
    "kind_clarify": ("нақтылау", "уточнение", "clarify"),
    "kind_fallback": ("жауап жоқ", "нет ответа", "fallback"),
    "kind_crisis": ("дағдарыс", "кризис", "crisis"),
    "kind_smalltalk": ("әңгіме", "беседа", "small talk"),
    "lang_kk": ("қазақша", "казахский", "Kazakh"),
    "lang_ru": ("орысша", "русский", "Russian"),
    "lang_en": ("ағылшынша", "английский", "English"),
}


def report_lang(lang: str | None) -> str:
    return lang if lang in REPORT_LANGS else DEFAULT_REPORT_LANG


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The text ``key`` in ``lang`` (kk, ru or en; anything else reads as English)."""
    text = _T[key][REPORT_LANGS.index(report_lang(lang))]
    return text.format(**fmt) if fmt else text


def kind_name(kind: str, lang: str | None) -> str:
    return t(f"kind_{kind}", lang) if f"kind_{kind}" in _T else kind


def lang_name(code: str, lang: str | None) -> str:
    return t(f"lang_{code}", lang) if f"lang_{code}" in _T else code
