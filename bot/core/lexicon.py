"""Small built-in word lists (folded spelling): function words per language and abbreviations.

The bulk of the vocabulary comes from the content itself (``bot.core.vocab``); these lists cover
the words every question uses but no entry owns, so language detection and the out-of-scope test
do not depend on how an entry happens to be phrased.
"""

from __future__ import annotations

# Kazakh function and question words, folded (қалай → калай, үшін → ушин).
KK_WORDS = frozenset(
    ["калай", "кайда", "канша", "кандай", "кашан", "ким", "кимге", "неге", "неше", "нешеге", "кайсы", "кайдан", "калайша", "ма", "ме", "ба", "бе", "па", "пе", "ғой", "гой", "ши", "шы", "керек", "керекпин", "кажет", "болады", "бола", "болама", "болмайды", "бар", "жок", "емес", "ма", "мен", "сен", "сиз", "биз", "олар", "ол", "бул", "осы", "сол", "мына", "ана", "менин", "сенин", "сизин", "бизин", "оның", "онын", "маган", "саган", "сизге", "бизге", "оган", "мени", "сени", "сизди", "ушин", "туралы", "бойынша", "жане", "немесе", "бирак", "дейин", "кейин", "соң", "сон", "ган", "сиякты", "алу", "алам", "аламын", "алуга", "беру", "береди", "бере", "берем", "берилеты", "бериледи", "истеу", "истеймин", "истеу", "жасау", "жасай", "жасаймын", "тиис", "тийис", "кандай", "калай", "нагыз", "жакын", "кимнин", "кимде", "аке", "ана", "бала", "балам", "баланын", "балага", "балалар", "отбасы", "отбасым", "ата", "аже", "жубайым", "куйеуим", "айелим", "жыл", "жылы", "ай", "кун", "акша", "тенге", "тенге", "ем", "емдеу", "ауыру", "ауырады", "комек", "комектесиниз", "комектесу", "рахмет", "саламатсыз", "салем", "сәлем", "жумыс", "жумыссыз", "жалакы", "мемлекет", "мемлекеттик", "кызмет", "орталык", "айтып", "айтыныз", "билгим", "билгим", "келеди", "билесиз", "ба",
     # chat words spelt without Kazakh letters, so no letter gives them away
     "деген", "дегенимиз", "деп", "дейди", "айтшы", "айтынызшы", "айтшыш", "бериниз", "беришы", "жайлы",
     "сураймын", "сурак", "керекпе", "болсын", "билмеймин"]
)

RU_WORDS = frozenset(
    ["как", "где", "сколько", "какой", "какая", "какое", "какие", "когда", "кто", "что", "чем", "чего", "кому", "куда", "откуда", "почему", "зачем", "ли", "можно", "нужно", "надо", "нельзя", "должен", "должна", "должны", "положено", "положен", "положена", "есть", "будет", "был", "была", "мне", "меня", "мой", "моя", "мое", "мои", "я", "ты", "вы", "мы", "он", "она", "они", "его", "ее", "их", "нам", "нас", "вам", "вас", "им", "себя", "свой", "свою", "и", "или", "но", "а", "в", "во", "на", "по", "с", "со", "у", "о", "об", "от", "до", "для", "из", "за", "при", "про", "без", "под", "над", "через", "после", "перед", "это", "этот", "эта", "эти", "тот", "та", "те", "такой", "также", "тоже", "еще", "уже", "только", "очень", "все", "всё", "весь", "вся", "не", "нет", "да", "если", "то", "чтобы", "потому", "так", "как", "же", "бы", "вот", "получить", "получать", "оформить", "сделать", "узнать", "куда", "обратиться", "подскажите", "пожалуйста", "скажите", "здравствуйте", "привет", "спасибо", "помогите", "помощь", "год", "года", "лет", "месяц", "день", "деньги", "тенге", "тг"]
)

EN_WORDS = frozenset(
    ["how", "what", "where", "when", "who", "whom", "which", "why", "whose", "is", "are", "am", "was", "were", "be", "been", "being", "do", "does", "did", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "have", "has", "had", "need", "needs", "i", "me", "my", "mine", "you", "your", "yours", "we", "our", "us", "he", "she", "it", "its", "they", "them", "their", "his", "her", "this", "that", "these", "those", "there", "here", "a", "an", "the", "and", "or", "but", "if", "then", "so", "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "into", "as", "than", "not", "no", "yes", "any", "some", "all", "every", "each", "much", "many", "more", "most", "less", "get", "got", "getting", "give", "please", "tell", "know", "want", "help", "thanks", "thank", "hello", "hi", "hey", "ok", "okay", "year", "years", "month", "months", "day", "days", "money", "tenge", "kazakhstan", "kz"]
)

# How people write function words in a chat (folded): colloquial and misspelt Russian forms,
# forms typed without "й", English contractions with and without the apostrophe, chat shorthand.
# They carry no topic (stopwords) and say which language the message is in.
RU_CHAT_WORDS = frozenset(
    ["скока", "скоко", "сколко", "скок", "щас", "ща", "счас", "сейчас", "че", "чо", "шо", "нить",
     "нибудь", "чтоб", "када", "кагда", "тока", "токо", "ваще", "вообще", "вобщем", "вообщем",
     "типа", "плиз", "пжл", "пжлст", "пжлста", "пж", "спс", "ну", "блин", "короче", "неа",
     "какова", "каково", "каковы", "какого", "какому", "каким", "каких", "какую", "кокой", "какои",
     "такои", "твои", "свои", "этои", "моеи", "своеи", "еи", "неи", "которыи", "который",
     "которая", "которое", "которые", "мож", "можн", "неужели", "разве", "вроде"]
)
EN_CHAT_WORDS = frozenset(
    ["whats", "what's", "im", "i'm", "it's", "hes", "he's", "shes", "she's", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "cant",
     "can't", "cannot", "wont", "won't", "isnt", "isn't", "arent", "aren't", "wasnt", "wasn't", "ive",
     "i've", "youre", "you're", "theyre", "they're", "thats", "that's", "theres", "there's", "hows",
     "how's", "wheres", "where's", "whos", "who's", "lets", "let's", "couldnt", "couldn't",
     "shouldnt", "shouldn't", "wouldnt", "wouldn't", "hasnt", "hasn't", "havent", "haven't", "u",
     "ur", "pls", "plz", "thx", "lol", "btw", "gonna", "wanna", "gotta", "yo", "hey", "smth",
     "sth", "even", "really", "actually", "anyone", "anybody", "someone", "somebody"]
)

# Words that carry no topic: dropped before coverage and word-level scoring (folded forms).
STOPWORDS = frozenset(
    ["ма", "ме", "ба", "бе", "па", "пе", "ғой", "гой", "мен", "сен", "сиз", "биз", "олар", "ол", "бул", "осы", "сол", "мына", "ана", "менин", "сенин", "сизин", "бизин", "онын", "маган", "саган", "сизге", "бизге", "оган", "мени", "сени", "сизди", "ушин", "туралы", "жайлы", "деген", "деп", "айтшы", "айтынызшы", "бойынша", "жане", "немесе", "бирак", "калай", "кайда", "канша", "кандай", "кашан", "ким", "неге", "кайсы", "бар", "жок", "емес", "керек", "кажет", "бола", "болады", "не", "и", "или", "но", "а", "в", "во", "на", "по", "с", "со", "у", "о", "об", "от", "до", "для", "из", "за", "при", "про", "без", "под", "над", "через", "это", "этот", "эта", "эти", "тот", "та", "те", "такой", "также", "тоже", "еще", "уже", "только", "очень", "все", "весь", "вся", "нет", "да", "если", "то", "чтобы", "так", "же", "бы", "вот", "как", "где", "сколько", "какой", "какая", "какое", "какие", "когда", "кто", "что", "чем", "чего", "кому", "куда", "почему", "зачем", "ли", "можно", "нужно", "надо", "мне", "меня", "мой", "моя", "мое", "мои", "я", "ты", "вы", "мы", "он", "она", "они", "его", "ее", "их", "нам", "нас", "вам", "вас", "им", "есть", "будет", "был", "была", "пожалуйста", "подскажите", "скажите", "здравствуйте", "привет", "спасибо", "how", "what", "where", "when", "who", "whom", "which", "why", "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "can", "could", "should", "would", "will", "may", "might", "must", "have", "has", "had", "i", "me", "my", "you", "your", "we", "our", "us", "he", "she", "it", "its", "they", "them", "their", "his", "her", "this", "that", "these", "those", "there", "here", "a", "an", "the", "and", "or", "but", "if", "then", "so", "to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "into", "as", "than", "not", "no", "yes", "any", "some", "all", "please", "tell", "hello", "hi", "hey", "ok", "okay", "thanks", "thank", "салем", "салеметсиз", "саламатсыз", "ассаламагалейкум", "здравствуйте", "здрасте", "добрый", "день", "вечер", "hello", "good", "morning", "afternoon", "evening", "dear"]
) | RU_CHAT_WORDS | EN_CHAT_WORDS

# Abbreviations people use that the content does not (the monthly calculation index, in which
# fines and fees are set): known words of their language, so "vhg" on the wrong layout reads as
# Russian "мрп", but with no expansion to meet.
RU_ONLY_ABBREVIATIONS = frozenset(["мрп"])
KK_ONLY_ABBREVIATIONS = frozenset(["аек"])

# English abbreviations the content uses where people spell the name out: expanded in the
# content only, so a spelled-out question meets an entry that says "TSA", while "tsa" in a
# question stays one word (expanding it there made short near misses such as "tsa renewal
# period" look fully covered).
CONTENT_ABBREVIATIONS: dict[str, str] = {
    "tsa": "targeted social assistance",
}

# Abbreviations and their expansions (folded): the expansions join the query so an abbreviation
# meets the words the content uses, and vice versa.
ABBREVIATIONS: dict[str, str] = {
    "асп": "адресная социальная помощь атаулы алеуметтик комек",
    "аак": "атаулы алеуметтик комек адресная социальная помощь",
    "тса": "targeted social assistance адресная социальная помощь",
    "мсэ": "медико социальная экспертиза инвалидность",
    "енпф": "единый накопительный пенсионный фонд пенсионные накопления",
    "бжзк": "бирыңгай жинактаушы зейнетакы коры зейнетакы жинактары",
    "гфсс": "государственный фонд социального страхования",
    "маск": "мемлекеттик алеуметтик сактандыру коры",
    "осмс": "обязательное социальное медицинское страхование",
    "мамс": "миндетти алеуметтик медициналык сактандыру",
    "цон": "центр обслуживания населения",
    "хкко": "халыкка кызмет корсету орталыгы",
    "мзп": "минимальная заработная плата",
    "пм": "прожиточный минимум",
    "иин": "индивидуальный идентификационный номер",
    "жсн": "жеке сайкестендиру номири",
    "егов": "egov электронное правительство",
    "egov": "электронное правительство e-gov",
    "рк": "республика казахстан",
    "кр": "казакстан республикасы",
    "гбмп": "гарантированный объем бесплатной медицинской помощи",
    "тмкк": "тегин медициналык комектин кепилдендирилген коле",
    "вов": "великая отечественная война",
    "лгбт": "lgbt",
    # Russian compound abbreviations and colloquial words people type
    "медпомощь": "медицинская помощь",
    "медстраховка": "медицинское страхование осмс",
    "соцпомощь": "социальная помощь",
    "соцзащита": "социальная защита",
    "соцработник": "социальный работник социальные услуги",
    "соцвыплата": "социальная выплата",
    "соцвыплаты": "социальные выплаты",
    "госуслуги": "государственные услуги",
    "госорган": "государственный орган",
    "госорганы": "государственные органы",
    "минималка": "минимальная заработная плата",
    "декретные": "декретный отпуск уход за ребенком выплата",
    "нацфонд": "национальный фонд детям",
    "многодетка": "многодетная семья",
    "инвалидка": "инвалидность",
    "пенсионка": "пенсионные накопления",
    "зарплата": "заработная плата",
    "зп": "заработная плата",
    # Everyday words for things the content names formally (kk/ru/en): the formal term joins
    # the query, so a personal situation meets the entry's vocabulary.
    "шеф": "работодатель",
    "босс": "работодатель",
    "бастык": "жумыс беруши",
    "бастыгым": "жумыс беруши",
    "бастыгы": "жумыс беруши",
    "boss": "employer",
    "универ": "университет высшее образование",
    "садик": "детский сад дошкольное",
    **dict.fromkeys(
        ("садика", "садику", "садике", "садики", "садиков", "детсад", "детсада", "детсаду", "детсаде",
         "детсады", "детсадов", "детсадик", "детсадика"),
        "детский сад дошкольное",
    ),
    "глухой": "нарушение слуха сурдопереводчик",
    "глухая": "нарушение слуха сурдопереводчик",
    "глухие": "нарушение слуха сурдопереводчик",
    "deaf": "hearing impairment sign language",
    "слепой": "нарушение зрения",
    "слепая": "нарушение зрения",
    "незрячий": "нарушение зрения",
    "blind": "visually impaired",
    "колясочник": "инвалидная коляска",
    "колясочника": "инвалидная коляска",
    "колясочников": "инвалидная коляска",
    # "лечат ли иностранцев": the verb people use for the care the content calls medical help.
    "лечат": "лечение медицинская помощь",
    "полечат": "лечение медицинская помощь",
    "вылечат": "лечение медицинская помощь",
    "емдей": "емдеу медициналык комек",
    "емдейди": "емдеу медициналык комек",
    # "refused a job because I use a wheelchair" is asked about disability, not the device.
    "wheelchair": "disability",
    "больничка": "больница",
    "психушка": "психиатрическая помощь психическое здоровье",
    # Everyday words for men: the content says "мужчины" / "ерлер".
    "мужик": "мужчина",
    "мужики": "мужчины",
    "мужикам": "мужчинам",
    "мужиков": "мужчин",
    "еркек": "ер ерлер",
    "еркекпин": "ер ерлер",
    "еркектер": "ерлер",
    "еркектерге": "ерлер",
    "hubby": "husband",
    # Everyday and American English for the content's terms.
    "daycare": "kindergarten preschool",
    "handicapped": "disability",
    "paycheck": "wage salary",
    "attorney": "lawyer",
    "attorneys": "lawyers",
    "physician": "doctor",
    "immigrant": "migrant",
    "immigrants": "migrants",
    "layoff": "dismissal job loss",
    "ppl": "people",
    "govt": "government",
    "uni": "university higher education",
    "yr": "year",
    "yrs": "years",
    "hr": "hour",
    "hrs": "hours",
    "wk": "week",
    "wks": "weeks",
    "mth": "month",
    "mths": "months",
    "kid": "child",
    "kids": "children",
    "mom": "mother",
    "mum": "mother",
    "dad": "father",
    "meds": "medicines",
    "doc": "doctor",
    "sacked": "dismissed",
    "зарегать": "зарегистрировать регистрация",
    "зарегаться": "зарегистрироваться регистрация",
    "офиц": "официально",
    "гр": "группа",
    "декрет": "декретный отпуск уход за ребенком",
    "декрете": "декретный отпуск уход за ребенком",
}

# Russian and Kazakh words that also occur, meaning the same, in the other language (loans):
# they give no language evidence.
SHARED_CYR = frozenset(
    ["пенсия", "пособие", "асп", "цон", "егов", "осмс", "мсэ", "енпф", "гфсс", "иин", "тенге", "тг", "казакстан", "казахстан", "инвалид", "инвалидность", "кандас", "кандасы"]
)
