"""Word lists behind the built-in segmentation rules: abbreviations, sentence openers and month names by language.

Each list is general knowledge of the language's written conventions (style guides, dictionaries of abbreviations),
not a fit to one document. Entries are written without their final period; a dotted abbreviation keeps its inner
periods ("z.B", "m.in"). ``never_final``: a period after the word never ends a sentence (titles, "z. B.");
``before_number``: not final when a number follows ("Nr. 5"); ``maybe_final``: ends a sentence only when a typical
sentence opener follows ("usw. Die"); ``openers``: capitalised words that typically start a sentence; ``months``:
month names and their abbreviations; ``final_letters``: one-letter lowercase words that may end a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass


def words(*chunks: str) -> frozenset[str]:
    return frozenset(w for chunk in chunks for w in chunk.split())


@dataclass(frozen=True)
class Lexicon:
    never_final: frozenset[str]
    before_number: frozenset[str]
    maybe_final: frozenset[str]
    openers: frozenset[str]
    months: frozenset[str] = frozenset()
    attribution: frozenset[str] = frozenset()
    final_letters: frozenset[str] = frozenset()


# Titles and ranks that precede a name in many languages' news (foreign names keep their English titles).
TITLES = words(
    "Dr Drs Prof Pr St Mr Mrs Ms Messrs Mgr Jr Sr Gen Lt Col Capt Cpt Cmdr Sgt Maj Adm Gov Sen Rep Reps Sens",
    "Rev Hon Pres Supt Insp Mt Ft vs",
)
# Company and place abbreviations that end a sentence only before a typical opener.
CORPORATE = words("Inc Ltd Corp Co Bros plc SA S.A AG GmbH U.S U.K U.N E.U a.m p.m")

EN_NEVER_FINAL = words(
    "Dr Drs Pr Prof St Ste Mgr Me Mlle Mlles Mme Mmes MM Mr Mrs Ms Messrs Sr Jr Gen Gén Lt Col Capt Cpt Cmdr Sgt",
    "Maj Adm Gov Sen Rep Reps Sens Rev Hon Pres Supt Insp Det Fr cf Cf vs v etc. e.g i.e approx ca op vol Vol fig",
    "Fig ibid al éd ed eds trad chap Mt Ft",
)
EN_BEFORE_NUMBER = words(
    "No no Nos nos N n Art art p pp para paras sect ch Ch Vol vol n° Nr nr Abs Bd bd tél Tél tel Tel ext env c"
)
EN_MAYBE_FINAL = words(
    "etc Inc Ltd Corp Co Bros plc SA S.A U.S U.K U.N E.U a.m p.m av apr J.-C hab env min max km kg cm mm ha h sq",
    "ft oz lb lbs Mass Calif Fla Ill Conn Penn Va Wash Tex Ariz Colo Ga Md Mich Minn Ky La Okla Ore Tenn Wis Ala",
    "Ark Neb Nev",
)
EN_OPENERS = words(
    "The A An He She It They We I You This That These Those There In On At But And Its His Her Their Our As If",
    "When While After Before However Some Many Most For Mr Mrs Ms Dr Last Next Shares What Why How",
)
FR_OPENERS = words(
    "Le La Les L Un Une Des Il Elle Ils Elles On Nous Vous Je Ce Cette Ces Cela Ceci Mais Et En Dans Au Aux Du De",
    "Pour Par Selon Son Sa Ses Leur Leurs Après Avant Lors Si Quand Alors Cependant Toutefois M Mme",
)
EN_FR_MONTHS = words(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec janv févr avr juil sept oct nov déc Janv Févr Avr Juil Déc"
)
EN_ATTRIBUTION = words(
    "said says added asked reported told wrote explained replied tweeted shouted insisted continued recalled",
    "declared demanded cried noted warned stated",
)

EN = Lexicon(EN_NEVER_FINAL, EN_BEFORE_NUMBER, EN_MAYBE_FINAL, EN_OPENERS, EN_FR_MONTHS, EN_ATTRIBUTION)
FR = Lexicon(EN_NEVER_FINAL, EN_BEFORE_NUMBER, EN_MAYBE_FINAL, EN_OPENERS | FR_OPENERS, EN_FR_MONTHS, EN_ATTRIBUTION)

DE = Lexicon(
    never_final=TITLES
    | words(
        "z.B z.b bzw vgl u.a d.h evtl ggf inkl exkl Hr Hrn Fr Frl Dipl Ing Dipl.-Ing Abs Bd Bde Kap Tab Abb Nr Nrn",
        "sog ehem gem geb gest verh zzgl abzgl o.ä u.ä u.U z.T z.Zt i.d.R lt o.g s.o s.u m.E Str Pkt bspw",
        "Tel Reg Bez Kr Lkr Hbf Pfr Sr St Präs Gen Botsch ca rd ebd Anm Hg Hrsg",
    ),
    before_number=words("Nr Nrn S Abs Art Bd Kap Tab Abb Ziff Anm Fn Az Tel Fax Pkt Bl Jg H Vol No Sp Rn Rz"),
    maybe_final=CORPORATE | words("usw etc Mio Mrd Tsd Std Min Sek Chr v.Chr n.Chr Co Jh Jhs u.v.m u.a.m e.V"),
    openers=words(
        "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Er Sie Es Wir Ich Ihr Man Dies Diese Dieser Dieses Dass",
        "Auch Aber Und Doch Denn Dann Da So Als Wenn Wie Was Wer Wo Warum Nun Jetzt Heute Gestern Damit Deshalb",
        "Daher Trotzdem Zudem Außerdem Allerdings Laut Nach Bei Mit Im In Am Auf Für Von Vor Seit Um Zum Zur Vom",
        "Unter Über Bis Durch Gegen Ohne Während Obwohl Weil Viele Einige Alle Andere Sein Seine Ihre Unser Bislang",
        "Bisher Inzwischen Mittlerweile Zuvor Später Schon Noch Erst Dabei Dazu Darüber Hier Dort Nur Jedoch",
        "Insgesamt Zwar Oder Sondern Somit Dennoch Ebenso Außer Neben Zwischen Jeder Jede Jedes Kein Keine",
    ),
    months=words(
        "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember",
        "Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
    ),
)

ES = Lexicon(
    never_final=TITLES
    | words(
        "Sr Sra Srs Sres Srta Srtas sr sra srs sres srta dr dra Dra Dres Ud Uds Vd Vds D Dña Dª Lic Lcda Lcdo Ing Arq Gral Cnel Tte Cap Cmdt Mons",
        "Pdte Excmo Excma Ilmo Ilma Sto Sta Fr Pbro EE FF AA CC OO RR HH SS MM p.ej ej aprox núm art pág págs av avda",
        "c/ admón dpto prov tel vol cía Cía a.C d.C a.m p.m etc. Lda Ldo Dr",
    ),
    before_number=words("n nº núm núms No art arts pág págs p pp cap vol tel ap apdo fig párr inc"),
    maybe_final=CORPORATE | words("etc UU a.C d.C EE.UU S.L S.A Cía hab km kg min máx"),
    openers=words(
        "El La Los Las Un Una Unos Unas Lo Al Del En Con Por Para Según Sin Sobre Tras Desde Durante Entre Hasta",
        "Pero Y E O U Aunque Como Cuando Si Porque Pues Así Además También Esto Esta Este Estos Estas Ese Esa Eso",
        "Aquel Él Ella Ellos Ellas Nosotros Yo Tú Usted Su Sus Mi Mis Nuestro Nuestra No Ya Hoy Ayer Ahora Luego",
        "Después Antes Entonces Allí Aquí Todo Todos Todas Muchos Muchas Algunos Algunas Otro Otros Otra Cada Se",
        "Le Les Hay Es Son Fue Era Ha Han Más Menos Sólo Solo Incluso Sin Mientras Tanto Tampoco Según Ante Sus",
    ),
    months=words("ene feb mar abr may jun jul ago sep sept oct nov dic"),
)

PT = Lexicon(
    never_final=TITLES
    | words(
        "Sr Sra Srs Srta sr sra srs sras srta dr dra Dra Dras Drs D Exmo Exma Exmos Ilmo Ilma Prof Profa Profª Eng Arq Gen Cel Ten Cap Cmdt Pe",
        "Sto Sta Fr V.Exa Exa Av Avª R Pça Lda Ltda n.º nº p.ex ex pág págs art arts cf aprox tel vol Dr",
    ),
    before_number=words("n nº n.º No art arts pág págs p pp cap vol tel fl fls inc"),
    maybe_final=CORPORATE | words("etc a.C d.C S.A Lda Ltda EUA km kg min máx hab"),
    openers=words(
        "O A Os As Um Uma Uns Umas No Na Nos Nas Do Da Dos Das Ao Aos À Às Em Com Por Pelo Pela Para Segundo Sem",
        "Sobre Após Desde Durante Entre Até Mas E Ou Embora Como Quando Se Porque Pois Assim Além Também Isto Isso",
        "Este Esta Estes Estas Esse Essa Esses Essas Ele Ela Eles Elas Nós Eu Você Vocês Seu Sua Seus Suas Não Já",
        "Hoje Ontem Agora Depois Antes Então Ali Aqui Todo Todos Todas Muitos Muitas Alguns Algumas Outro Outros",
        "Cada Há É São Foi Era Mais Menos Apenas Só Ainda Contudo Porém Entretanto Neste Nesta Nesse Nessa Lá",
    ),
    months=words("jan fev mar abr mai jun jul ago set out nov dez"),
)

IT = Lexicon(
    never_final=TITLES
    | words(
        "Sig Sigg Sig.ra Sig.na Dott Dott.ssa Prof Prof.ssa Ing Avv Arch On Geom Rag Mons Cav Comm Egr Spett Gent",
        "Gen Col Magg Ten Cap Serg S SS ecc. p.es es pag pagg art artt cfr vd ca tel fig sec secc d.C a.C Dr Sen",
        "sig sigg sig.ra sig.na dott dott.ssa prof prof.ssa ing avv arch on geom rag mons cav comm gen magg ten",
    ),
    before_number=words("n nr N art artt pag pagg p pp cap vol tel fig par comma"),
    maybe_final=CORPORATE | words("ecc etc a.C d.C S.p.A S.r.l km kg min max ab"),
    openers=words(
        "Il Lo La I Gli Le Un Uno Una L In Nel Nella Nei Nelle Negli Al Alla Ai Alle Del Della Dei Delle Con Per",
        "Secondo Senza Su Sul Sulla Dopo Da Dal Dalla Durante Tra Fra Fino Ma E Ed O Anche Però Tuttavia Inoltre",
        "Quindi Come Quando Se Perché Poiché Così Questo Questa Questi Queste Quello Quella Quelli Lui Lei Loro Noi",
        "Voi Io Tu Suo Sua Suoi Sue Non Già Oggi Ieri Ora Adesso Poi Prima Allora Lì Qui Tutto Tutti Tutte Molti",
        "Molte Alcuni Alcune Altri Ogni C Ci Si È Sono Era Fu Ha Hanno Più Meno Solo Ancora Infatti Invece Nello",
    ),
    months=words("gen feb mar apr mag giu lug ago set sett ott nov dic"),
)

NL = Lexicon(
    never_final=TITLES
    | words(
        "dhr Dhr mevr Mevr mw Mw mr Mr dr drs ir ing prof Prof bijv bv b.v o.a d.w.z m.a.w i.p.v t.a.v m.b.t n.a.v",
        "z.g.a.n i.v.m v.d nr Nr blz ca resp jl vs St Sr Jr ds Ds mgr Mgr gen Gen luit kol kpt",
    ),
    before_number=words("nr Nr nrs blz art p pp hfst tel par lid"),
    maybe_final=CORPORATE | words("enz etc n.Chr v.Chr B.V N.V mln mld mrd km kg min max e.a"),
    openers=words(
        "De Het Een Dit Dat Deze Die Hij Zij Ze Wij We Ik Jij Je U Men Er Hun Zijn Haar Ons Onze Mijn In Op Aan",
        "Bij Met Voor Na Van Naar Uit Door Over Onder Tijdens Volgens Sinds Tot Om Maar En Of Ook Toch Echter",
        "Daarom Dus Want Als Toen Wanneer Omdat Hoewel Terwijl Nu Vandaag Gisteren Daarna Eerder Later Al Nog",
        "Alleen Niet Geen Wel Veel Sommige Alle Andere Elke Iedereen Daar Hier Zo Wat Wie Waar Waarom Hoe",
        "Ondertussen Inmiddels Bovendien Verder Vooral Ook Toen Daarbij Daardoor Zowel",
    ),
    months=words("jan feb mrt apr jun jul aug sep sept okt nov dec"),
    final_letters=words("u"),
)

PL = Lexicon(
    never_final=TITLES
    | words(
        "św Św ul Ul np Np tzw Tzw m.in M.in prof Prof dr Dr hab inż mgr ks Ks płk gen Gen mjr kpt por ppłk",
        "al pl ang łac niem fr ros gr tj Tj ok Ok godz woj pow gm zob cd jw wg ds nt",
        "n.p.m p.n.e n.e ww tj. ul. pt ob. ob ew odp dot ust art pkt poz s nr Nr płd płn wsch zach",
    ),
    before_number=words("nr Nr art ust pkt poz s str t tel godz"),
    maybe_final=CORPORATE | words("itd itp r w wyd tys im n.e p.n.e proc min"),
    openers=words(
        "W We Na Z Ze Do Od Po Przez Przy Dla Jak Jednak Ale A I Oraz To Ten Ta Te Tego Tym Jest Są Był Była Było",
        "Byli Nie Tak Też Także Również Jego Jej Ich On Ona Ono Oni One My Wy Ja Ty Co Kto Gdy Kiedy Jeśli",
        "Jeżeli Choć Chociaż Mimo Według Zdaniem Dlatego Ponadto Natomiast Wtedy Teraz Obecnie Wcześniej Później",
        "Potem Następnie Dziś Dzisiaj Wczoraj Już Jeszcze Tylko Około Ponad Prawie Wiele Niektórzy Wszyscy",
        "Każdy Tam Tu Podczas Przed Za Pod Nad Między U O Czy Dzięki Oprócz Zarówno Sam Sama Wśród Także Tak",
    ),
    months=words("sty lut mar kwi maj cze lip sie wrz paź lis gru"),
)

_RU_UK_SHARED = "т.е т.н т.к т.ч ул просп пер корп кв стр англ нем франц лат"
RU = Lexicon(
    never_final=TITLES
    | words(
        _RU_UK_SHARED,
        "ср проф акад доц св вв обл р-н г-н г-жа тов напр прим табл гл ред изд сб ок тел Св Ген Проф Акад т.е. т.н",
    ),
    before_number=words("№ ст п пп ч гл рис табл стр с тел д кв корп"),
    maybe_final=CORPORATE | words("г в д п э гг вв др пр т.д т.п им см руб долл коп тыс мин сек н.э"),
    openers=words(
        "В Во На С Со К Ко По О Об От До Из За Для При Без Через После Перед Над Под У И А Но Однако Также Тоже",
        "Кроме Поэтому Потому Так Как Когда Если Хотя Он Она Оно Они Мы Вы Я Ты Это Этот Эта Эти Тот Та Те Его",
        "Ее Её Их Все Всё Многие Некоторые Там Тут Здесь Сейчас Теперь Сегодня Вчера Затем Потом Позже Ранее Уже",
        "Еще Ещё Лишь Только Согласно Впрочем Кстати Между Среди Около Почти Более Менее Не Ни Что Кто Где",
        "Почему Зачем Именно Тогда Кроме Вместе Пока Даже Примерно",
    ),
    months=words("янв фев февр мар апр июн июл авг сен сент окт ноя нояб дек"),
    final_letters=words("я"),
)

UK = Lexicon(
    never_final=TITLES
    | words(
        _RU_UK_SHARED,
        "т.зв вул просп пров проф акад доц св стол обл р-н див напр мал табл ред зб д-р Св Ген Проф Акад",
    ),
    before_number=words("№ ст п пп ч гл мал табл с тел буд кв"),
    maybe_final=CORPORATE | words("р рр д п е ст ін ім т.ін дол тис н.е"),
    openers=words(
        "В У Во На З Зі Із До Від По Про За Для При Без Через Після Перед Над Під І Й Та А Але Однак Проте Також",
        "Теж Крім Тому Отже Так Як Коли Якщо Хоча Він Вона Воно Вони Ми Ви Я Ти Це Цей Ця Ці Той Ті Його Її Їх",
        "Всі Усі Багато Деякі Там Тут Зараз Тепер Сьогодні Вчора Потім Пізніше Раніше Вже Ще Лише Тільки Згідно",
        "Між Серед Близько Майже Більше Менше Не Ні Що Хто Де Чому Навіть Тоді Поки Разом Водночас",
    ),
    months=words("січ лют бер квіт трав черв лип серп вер жовт лист груд"),
    final_letters=words("р я"),
)

LEXICONS = {"en": EN, "fr": FR, "de": DE, "es": ES, "pt": PT, "it": IT, "nl": NL, "pl": PL, "ru": RU, "uk": UK}
