"""Everyday words of kk/ru/en that are not the domain's (folded spelling).

Two uses in matching (``bot.core.matcher``):
  * such a word is a valid word, not a typo: it is never "corrected" into a domain word
    ("celebrity" is not "cerebral", "стройке" is not "сторона", "media" is not "median");
  * it says little about the topic, so when the content does not use it, it counts only a
    little against how much of a message the domain covers ("минималка сколько щас", "на
    стройке нет касок", "grandma needs a wheelchair").
Domain words are never listed here; a word both lists know is read as the domain's.
"""

from __future__ import annotations

from bot.core.normalize import fold_kk

# Share of its weight an everyday word unknown to the domain keeps in the coverage totals.
GENERAL_WEIGHT = 0.35

_RU = """
щас сейчас теперь сегодня вчера завтра тут там здесь вообще короче типа блин ну вот прям
прямо реально просто очень много мало больше меньше всегда никогда иногда опять снова уже еще
вдруг сразу потом давно недавно скоро почти совсем наш наша наше наши ваш ваша ваше ваши
свой своя свое свои хочу хочет хотим хотят могу может можем могут знаю знает знать думаю
говорят сказали сказал сказала пишу пишет спросить спрашиваю вопрос вопросы ответ ответьте
человек люди друг подруга сосед соседи знакомый знакомая бабушка бабуля дедушка дед мама
мать папа отец брат сестра сын дочь дочка муж жена тетя дядя внук внучка парень девушка
дом домой дома квартире улица город деревня село район магазин рынок базар почта офис
стройка стройке стройку работе работу машина автобус телефон интернет сайт приложение
деньги денег рубль доллар тысяча тысяч тыс миллион цена стоит стоимость дорого дешево
большой маленький новый старый хороший плохой нормальный нормально плохо хорошо сильно
бесплатно платно сам сама сами самый самая каждый каждая любой любая другой другая
где-то что-то кто-то как-то почему-то случай случае ситуация ситуации проблема проблемы
дело делать сделал сделали делают идти пойти ходить прийти пришел пришла приходит ехать
жить живу живет живем работать работаю работает работаем учиться учится сидеть стоять
лежит лежачая лежачий ходит видеть смотреть ждать жду ждем платить платят плачу дают дали
дать взять берут брать отказали отказывает отказался отказывается разрешают запрещают
поменял поменяли поменялось изменилось изменили нового новое новенького слышал слышала
нормально вроде кажется наверное точно правда неправда ладно окей ок спасибо извините
склад складе складу грузчик грузчиком грузчиком грузчики магазине заводе завод фабрика фабрике
кафе ресторан ресторане смена смену смене охранник охранником курьер курьером продавец продавцом
официант официантом кассир кассиром нанять нанял наняли нанимать нанимает уборщица уборщицей
"""

_KK = """
казир кази кейин бурын бугин ертен кеше осында сонда мында анда кайтадан тагы енди али
ете коп аз улкен кишкентай жана ески жаксы жаман жаксылап кенет бирден кейде аркашан
ешкашан менин менин сенин бизин сизин оз озим озин адам адамдар дос курбы корши таныс
апа ата аже ана аке бауырым агам апкем иним карындасым улым кызым куйеуим айелим ула кыз
уй уйде уйге кала ауыл аудан дукен базар пошта кенсе жол колик автобус телефон интернет
сайт косымша акша мын миллион бага кымбат арзан тегин акылы озим озимиз барлык
барлыгы эр кез келген баска окига жагдай маселе ис истеу барамын барады келди келеди
турамын турады жумыс истеймин окимын отыр тур жатыр жатқан коремин кутемин толеймин
береди берди алды бермейди алмайды руксат тыйым жарайды макул рахмет кешириниз шынымен
сиякты шыгар билмеймин билемин айтты айтады сурак сураймын жауап
койма коймада дуканде зауыт зауытта кафеде мейрамхана мейрамханада кузетши курьер сатушы
"""

# Kazakhstan's cities and regions in common forms (ru/kk/en): a place says nothing about the
# topic ("в Алматы", "Шымкентте", "in Astana").
_PLACES = """
алматы алмате алмату алматинский алматинская астана астане астану астанада алматыда нурсултан
шымкент шымкенте шымкентте караганда караганде карагандыда актобе актюбинск тараз таразе
павлодар павлодаре усть-каменогорск оскемен семей семее атырау атырауда костанай костанае
кызылорда кызылорде уральск орал петропавловск петропавл актау актауда туркестан кокшетау
талдыкорган экибастуз жезказган темиртау область области облысы облыс район ауданы almaty
astana shymkent karaganda aktobe taraz pavlodar semey atyrau kostanay aktau
"""

_EN = """
now today yesterday tomorrow here there really just very lot lots little big small new old
good bad fine okay ok always never sometimes again already still soon almost quite maybe
probably actually basically like kind sort thing things stuff something someone somebody
anything anyone everything everyone nothing nobody people person guy guys friend friends
neighbour neighbor neighbours neighbors grandma grandmother granny grandpa grandfather mom
mum mother dad father brother sister son daughter husband wife aunt uncle boyfriend
girlfriend home house street city town village district shop store market bazaar post
office car bus phone internet website site app media social celebrity famous star money
dollar dollars thousand million price cost costs expensive cheap free paid myself yourself
themselves every each other another case situation problem problems issue issues matter
question questions answer go going went come came coming live lives living work works
working study studying sit stand lie wait waiting pay paying paid say says said told tell
ask asked asking think thought know knew want wants wanted need needs needed try tried
trying use used using make made making take took taking give gave given keep kept let
seem seems look looks looking see seen find found found help helps true false sure
please sorry thanks thank yeah yes nope construction building factory company firm
shop restaurant cafe hotel farm field road bridge
warehouse loader cashier waiter waitress courier shift shifts factory cafe restaurant cleaner
guard hire hired hiring
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(fold_kk(block).split())


GENERAL_WORDS: frozenset[str] = _words(_RU) | _words(_KK) | _words(_PLACES) | _words(_EN)
