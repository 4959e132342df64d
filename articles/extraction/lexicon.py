"""Word lists of the extractor: reporting verbs by stance, prepositions, adverbials.

Everything here is lower-case and looked up token by token in dicts and sets,
so cue detection costs one hash lookup per word (no large regex alternations
that would be tried at every character).
"""

from __future__ import annotations

# --- French reporting verbs --------------------------------------------------
# lemma -> stance. Forms are generated below for regular -er verbs; irregular
# verbs list their forms by hand.
_FR_ER_VERBS: dict[str, str] = {
    "déclarer": "asserts",
    "affirmer": "asserts",
    "souligner": "asserts",
    "indiquer": "asserts",
    "assurer": "asserts",
    "ajouter": "asserts",
    "préciser": "asserts",
    "expliquer": "asserts",
    "rappeler": "asserts",
    "insister": "asserts",
    "confier": "asserts",
    "raconter": "asserts",
    "témoigner": "asserts",
    "marteler": "asserts",
    "répéter": "asserts",
    "constater": "asserts",
    "proclamer": "asserts",
    "qualifier": "asserts",
    "noter": "asserts",
    "observer": "asserts",
    "rétorquer": "asserts",
    "juger": "estimates",
    "estimer": "estimates",
    "évaluer": "estimates",
    "calculer": "estimates",
    "attribuer": "accuses",
    "reconnaître": "acknowledges",
    "confirmer": "acknowledges",
    "démentir": "denies",
    "nier": "denies",
    "rejeter": "denies",
    "contester": "denies",
    "rapporter": "reports",
    "publier": "reports",
    "annoncer": "reports",
    "signaler": "reports",
    "accuser": "accuses",
    "dénoncer": "accuses",
    "condamner": "accuses",
    "avertir": "warns",
    "menacer": "warns",
    "alerter": "warns",
    "saluer": "asserts",
    "lancer": "asserts",
    "évoquer": "asserts",
    "révéler": "reports",
    "dévoiler": "reports",
    "détailler": "asserts",
    "déplorer": "accuses",
    "regretter": "asserts",
    "fustiger": "accuses",
    "reprocher": "accuses",
    "réfuter": "denies",
    "récuser": "denies",
    "commenter": "asserts",
    "résumer": "asserts",
    "nuancer": "asserts",
    "concéder": "acknowledges",
    "redouter": "warns",
    "relever": "asserts",
    "chiffrer": "estimates",
    "démontrer": "asserts",
    "considérer": "estimates",
    "trancher": "asserts",
    "penser": "estimates",
    "réaffirmer": "asserts",
    "réitérer": "asserts",
    "répliquer": "asserts",
    "objecter": "asserts",
    "protester": "denies",
    "avouer": "acknowledges",
    "soupçonner": "accuses",
    "certifier": "asserts",
    "jurer": "asserts",
    "mentionner": "asserts",
    "clamer": "asserts",
    "pronostiquer": "estimates",
    "avancer": "asserts",
}

# Irregular (or spelling-changing) forms, all tenses a newsroom uses.
_FR_IRREGULAR: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # lemma: (stance, participles, finite + present-participle forms)
    "dire": (
        "asserts",
        ("dit", "dite"),
        ("dit", "disent", "disait", "disaient", "dira", "diront", "dirait", "diraient", "disant"),
    ),
    "reconnaître": (
        "acknowledges",
        ("reconnu", "reconnue"),
        (
            "reconnaît", "reconnait", "reconnaissent", "reconnaissait", "reconnaissaient",
            "reconnut", "reconnurent", "reconnaîtra", "reconnaîtrait", "reconnaissant",
        ),
    ),
    "admettre": (
        "acknowledges",
        ("admis",),
        ("admet", "admettent", "admettait", "admit", "admettrait", "admettant"),
    ),
    "démentir": (
        "denies",
        ("démenti",),
        ("dément", "démentent", "démentait", "démentaient", "démentirait", "démentant"),
    ),
    "écrire": (
        "asserts",
        ("écrit",),
        ("écrit", "écrivent", "écrivait", "écrivaient", "écrivant"),
    ),
    "prévenir": (
        "warns",
        ("prévenu",),
        ("prévient", "préviennent", "prévenait", "prévenant"),
    ),
    "avertir": (
        "warns",
        ("averti",),
        ("avertit", "avertissent", "avertissait", "avertissant"),
    ),
    "répondre": ("asserts", ("répondu",), ("répond", "répondent", "répondait", "répondant")),
    "réagir": ("asserts", ("réagi",), ("réagit", "réagissent", "réagissait")),
    "craindre": ("warns", ("craint",), ("craint", "craignent", "craignait", "craignant")),
    "soutenir": ("asserts", ("soutenu",), ("soutient", "soutiennent", "soutenait")),
    "conclure": ("asserts", ("conclu",), ("conclut", "concluent", "concluait")),
    "poursuivre": ("asserts", ("poursuivi",), ("poursuit",)),
    "apprendre": ("reports", ("appris",), ()),  # only "a-t-on appris (de source ...)"
    "prédire": (
        "estimates",
        ("prédit", "prédite"),
        ("prédit", "prédisent", "prédisait", "prédisaient", "prédira", "prédirait"),
    ),
    "analyser": ("estimates", ("analysé",), ("analyse", "analysait", "analysent")),
    "prétendre": (
        "asserts",
        ("prétendu",),
        ("prétend", "prétendent", "prétendait", "prétendaient", "prétendrait", "prétendant"),
    ),
    "garantir": ("asserts", ("garanti",), ("garantit", "garantissent", "garantissait")),
    "maintenir": ("asserts", ("maintenu",), ("maintient", "maintiennent", "maintenait")),
    "redire": ("asserts", ("redit",), ("redit", "redisent")),
}

# Reporting locutions of several words: (head form, following words) -> lemma.
# The head is looked up like a one-word verb (participle after an auxiliary, or a
# finite form), then the following words must come next: "a mis en garde",
# "met en garde", "a-t-il fait savoir", "fait valoir".
FR_LOCUTIONS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    # lemma: (stance, tail words, participles, finite + present-participle forms)
    "mettre en garde": (
        "warns",
        ("en", "garde"),
        ("mis",),
        ("met", "mettent", "mettait", "mettaient", "mettra", "mettront", "mettrait",
         "mettraient", "mettant"),
    ),
    "faire savoir": (
        "asserts",
        ("savoir",),
        ("fait",),
        ("fait", "font", "faisait", "faisaient", "fera", "feront", "ferait", "feraient",
         "faisant"),
    ),
    "faire valoir": (
        "asserts",
        ("valoir",),
        ("fait",),
        ("fait", "font", "faisait", "faisaient", "fera", "ferait", "faisant"),
    ),
    "faire remarquer": (
        "asserts",
        ("remarquer",),
        ("fait",),
        ("fait", "font", "faisait", "faisaient", "fera", "ferait", "faisant"),
    ),
    "faire état": (
        "reports",
        ("état",),
        ("fait",),
        ("fait", "font", "faisait", "faisaient", "fera", "ferait", "faisant"),
    ),
    "laisser entendre": (
        "asserts",
        ("entendre",),
        ("laissé",),
        ("laisse", "laissent", "laissait", "laissaient", "laissera", "laisserait",
         "laissant"),
    ),
}
FR_LOCUTION_PARTICIPLES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
FR_LOCUTION_FINITE: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
for _lemma, (_stance, _tail, _parts, _fin) in FR_LOCUTIONS.items():
    for _f in _parts:
        FR_LOCUTION_PARTICIPLES.setdefault(_f, []).append((_lemma, _stance, _tail))
    for _f in _fin:
        FR_LOCUTION_FINITE.setdefault(_f, []).append((_lemma, _stance, _tail))

# Finite forms that are also common nouns or adjectives: only a cue when the
# syntax says so (followed by `que`, or directly after a comma).
FR_AMBIGUOUS = frozenset(
    {
        "juge", "note", "estime", "publie", "rappelle", "dit", "écrit", "observe",
        "accuse", "craint", "signale", "conclut", "poursuit", "conteste", "admit",
        "avertit", "nie", "salue", "soutient", "menace", "qualifie", "dément", "analyse",
        "tranche", "tranchent",
    }
)


def _er_forms(lemma: str) -> tuple[list[str], list[str]]:
    """(participles, finite and present-participle forms) of a regular -er verb."""
    stem = lemma[:-2]
    soft = stem + "e" if stem.endswith("g") else stem  # juger -> jugeait
    cedil = stem[:-1] + "ç" if stem.endswith("c") else soft  # annoncer -> annonçait
    participles = [stem + "é", stem + "ée", stem + "és", stem + "ées"]
    finite = [
        stem + "e", stem + "ent", cedil + "ait", cedil + "aient", cedil + "a",
        stem + "èrent", stem + "era", stem + "eront", stem + "erait", stem + "eraient",
        cedil + "ant",
    ]
    # accent shifts in the present: répéter -> répète, rejeter -> rejette, rappeler -> rappelle
    if lemma == "répéter":
        finite += ["répète", "répètent"]
    if lemma == "rejeter":
        finite += ["rejette", "rejettent"]
    if lemma == "rappeler":
        finite += ["rappelle", "rappellent"]
    if lemma == "marteler":
        finite += ["martèle", "martèlent"]
    if lemma == "révéler":
        finite += ["révèle", "révèlent"]
    if lemma == "concéder":
        finite += ["concède", "concèdent"]
    if lemma == "considérer":
        finite += ["considère", "considèrent"]
    if lemma == "réitérer":
        finite += ["réitère", "réitèrent"]
    if lemma == "relever":
        finite += ["relève", "relèvent"]
    return participles, finite


FR_PARTICIPLES: dict[str, tuple[str, str]] = {}  # form -> (lemma, stance)
FR_FINITE: dict[str, tuple[str, str]] = {}
for _lemma, _stance in _FR_ER_VERBS.items():
    if not _lemma.endswith("er"):
        continue
    _parts, _fin = _er_forms(_lemma)
    for _f in _parts:
        FR_PARTICIPLES[_f] = (_lemma, _stance)
    for _f in _fin:
        FR_FINITE.setdefault(_f, (_lemma, _stance))
for _lemma, (_stance, _parts, _fin) in _FR_IRREGULAR.items():
    for _f in _parts:
        FR_PARTICIPLES[_f] = (_lemma, _stance)
    for _f in _fin:
        FR_FINITE.setdefault(_f, (_lemma, _stance))
# "nie" / "nient" (nier) are generated as stem+"e"; "rapporte" etc. likewise.
# Reflexive reporting: "s'est dite préoccupée", "s'est félicité".
FR_REFLEXIVE_PARTICIPLES = {
    "dit": ("se dire", "asserts"),
    "dite": ("se dire", "asserts"),
    "dits": ("se dire", "asserts"),
    "dites": ("se dire", "asserts"),
    "félicité": ("se féliciter", "asserts"),
    "félicitée": ("se féliciter", "asserts"),
    "inquiété": ("s'inquiéter", "warns"),
    "inquiétée": ("s'inquiéter", "warns"),
    # "s'est de nouveau plaint d'un manque de munitions", "s'est indigné : « ... »"
    "plaint": ("se plaindre", "asserts"),
    "plainte": ("se plaindre", "asserts"),
    "indigné": ("s'indigner", "asserts"),
    "indignée": ("s'indigner", "asserts"),
    "alarmé": ("s'alarmer", "warns"),
    "alarmée": ("s'alarmer", "warns"),
    # "s'est engagé à ..." is a pledge, not an assertion (conventions A): left out
}
FR_REFLEXIVE_FINITE = dict.fromkeys(
    ("dit", "disent", "disait", "disaient", "dira", "diront", "dirait", "diraient"),
    ("se dire", "asserts"),
)
# Forms that can never be a finite reporting verb on their own ("publie" alone
# is a cue, "publiée par" is a relay): present participles end in -ant.

# Verbs that report a claim only with a clause after them: "a publié que ..."
# is a claim, "a publié une vidéo" is an event.
NEEDS_COMPLEMENT = frozenset({"publier", "saluer"})

FR_AUX = frozenset(
    {
        "a", "ont", "avait", "avaient", "aurait", "auraient", "aura", "auront", "eut",
        "ayant",
    }
)
FR_AUX_REFLEXIVE = frozenset({"est", "sont", "était", "étaient", "serait", "seraient"})
# Adverbs that may sit between the auxiliary and the participle
# ("a par ailleurs affirmé", "avait alors qualifié", "a-t-il également déclaré").
FR_ADVERBS = frozenset(
    {
        "également", "aussi", "encore", "déjà", "alors", "ensuite", "enfin", "pourtant",
        "toutefois", "cependant", "notamment", "par", "ailleurs", "officiellement",
        "publiquement", "récemment", "clairement", "formellement", "explicitement",
        "implicitement", "aussitôt", "immédiatement", "même", "bien", "depuis", "longtemps",
        "plusieurs", "fois", "souvent", "toujours", "lui", "leur", "nous", "vous", "y",
        "en", "ne", "n", "t", "il", "elle", "ils", "elles", "on", "que", "qu",
        "d", "abord", "jusqu", "ici", "désormais",
    }
)
FR_NEGATIONS = frozenset({"pas", "jamais", "plus", "rien", "guère", "point", "aucunement"})
FR_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "lui", "eux"})
# Inverted subject pronouns of a reporting verb: "a-t-il dit", "précise-t-on".
FR_INVERTED_PRONOUNS = FR_PRONOUNS | {"on"}

# --- English reporting verbs -------------------------------------------------
_EN_VERBS: dict[str, tuple[str, tuple[str, ...]]] = {
    # lemma: (stance, forms: past/participle, 3rd person, plural/base)
    "say": ("asserts", ("said", "says", "say")),
    "tell": ("asserts", ("told", "tells")),
    "state": ("asserts", ("stated", "states")),
    "add": ("asserts", ("added", "adds")),
    "note": ("asserts", ("noted", "notes")),
    "stress": ("asserts", ("stressed", "stresses")),
    "claim": ("asserts", ("claimed", "claims", "claim")),
    "assert": ("asserts", ("asserted", "asserts")),
    "insist": ("asserts", ("insisted", "insists", "insist")),
    "argue": ("asserts", ("argued", "argues", "argue")),
    "explain": ("asserts", ("explained", "explains")),
    "write": ("asserts", ("wrote", "writes", "written")),
    "declare": ("asserts", ("declared", "declares")),
    "allege": ("accuses", ("alleged", "alleges", "allege")),
    "acknowledge": ("acknowledges", ("acknowledged", "acknowledges")),
    "admit": ("acknowledges", ("admitted", "admits")),
    "confirm": ("acknowledges", ("confirmed", "confirms")),
    "concede": ("acknowledges", ("conceded", "concedes")),
    "deny": ("denies", ("denied", "denies", "deny")),
    "reject": ("denies", ("rejected", "rejects")),
    "dismiss": ("denies", ("dismissed", "dismisses")),
    "report": ("reports", ("reported", "reports")),
    "announce": ("reports", ("announced", "announces", "announce")),
    "accuse": ("accuses", ("accused", "accuses", "accuse")),
    "condemn": ("accuses", ("condemned", "condemns", "condemn")),
    "blame": ("accuses", ("blamed", "blames", "blame")),
    "estimate": ("estimates", ("estimated", "estimates", "estimate")),
    "assess": ("estimates", ("assessed", "assesses", "assess")),
    "believe": ("estimates", ("believes", "believe")),
    "warn": ("warns", ("warned", "warns", "warn")),
    "threaten": ("warns", ("threatened", "threatens")),
    "caution": ("warns", ("cautioned", "cautions")),
    "quote": ("reports", ("quoted",)),
    "praise": ("asserts", ("praised", "praises")),
    "call": ("asserts", ("called", "calls")),
    "reveal": ("reports", ("revealed", "reveals")),
    "disclose": ("reports", ("disclosed", "discloses")),
    "maintain": ("asserts", ("maintained", "maintains")),
    "contend": ("asserts", ("contended", "contends")),
    "refute": ("denies", ("refuted", "refutes")),
    "dispute": ("denies", ("disputed", "disputes")),
    "denounce": ("accuses", ("denounced", "denounces")),
    "criticize": ("accuses", ("criticized", "criticised", "criticizes", "criticises")),
    "slam": ("accuses", ("slammed", "slams")),
    "suggest": ("estimates", ("suggested", "suggests")),
    "indicate": ("asserts", ("indicated", "indicates")),
    "describe": ("asserts", ("described", "describes")),
    "emphasize": ("asserts", ("emphasized", "emphasised", "emphasizes", "emphasises")),
    "underline": ("asserts", ("underlined", "underlines")),
    "reiterate": ("asserts", ("reiterated", "reiterates")),
    "recall": ("asserts", ("recalled", "recalls")),
    "reply": ("asserts", ("replied", "replies")),
    "respond": ("asserts", ("responded",)),
    "retort": ("asserts", ("retorted",)),
    "counter": ("denies", ("countered",)),
    "observe": ("asserts", ("observed",)),
    "tweet": ("asserts", ("tweeted",)),
    "forecast": ("estimates", ("forecast", "forecasts")),
    "predict": ("estimates", ("predicted", "predicts")),
    "conclude": ("asserts", ("concluded", "concludes")),
    "complain": ("accuses", ("complained", "complains")),
    "boast": ("asserts", ("boasted", "boasts")),
    "speculate": ("estimates", ("speculated", "speculates")),
    "hint": ("estimates", ("hinted", "hints")),
    "affirm": ("asserts", ("affirmed", "affirms")),
    # pledges and vows ("vowed to respond") are not attributions (conventions A)
    "reaffirm": ("asserts", ("reaffirmed", "reaffirms")),
    "concur": ("asserts", ("concurred",)),
    "remark": ("asserts", ("remarked",)),
    "signal": ("asserts", ("signaled", "signalled", "signals")),
}
EN_VERBS: dict[str, tuple[str, str]] = {}
for _lemma, (_stance, _forms) in _EN_VERBS.items():
    for _f in _forms:
        EN_VERBS[_f] = (_lemma, _stance)
# Light verbs that report with an estimate noun: "offered a lower estimate of", "put the
# toll at" (conventions E); the words allowed between them.
EN_LIGHT_VERBS = frozenset(
    {"offered", "gave", "provided", "issued", "released", "put", "placed", "published",
     "offers", "gives", "puts", "places"}
)
EN_ESTIMATE_NOUNS = frozenset(
    {"estimate", "estimates", "toll", "tally", "figure", "figures", "count", "assessment"}
)
EN_ESTIMATE_MODIFIERS = frozenset(
    {"a", "an", "the", "its", "their", "his", "her", "new", "lower", "higher", "updated",
     "revised", "latest", "death", "casualty", "official", "initial", "first", "own",
     "preliminary", "conservative", "much", "far"}
)
# Verbs of a relay reporting someone else's statement after it: "La Corée du Nord a
# confirmé que Z, a rapporté KCNA" is a chain (the state 0, KCNA 1), conventions C.
RELAY_LEMMAS = frozenset({"rapporter", "report", "relayer", "relay", "publier", "publish"})
# Base/plural forms: only cues after a plural subject ("agencies say").
EN_BASE_FORMS = frozenset(
    {"say", "claim", "insist", "argue", "allege", "deny", "accuse", "condemn", "blame",
     "estimate", "assess", "believe", "warn", "announce"}
)
# Forms that are nouns after a determiner ("the reports", "the claims").
EN_NOUNISH = frozenset(
    {"reports", "claims", "estimates", "states", "notes", "quoted", "reported", "alleged",
     "estimated", "confirmed", "claim", "estimate", "report", "warns", "written", "stated"}
)
EN_AUX = frozenset({"has", "have", "had", "will", "would", "also", "later", "earlier"})
EN_PASSIVE_AUX = frozenset({"was", "were", "is", "are", "be", "been", "being"})
EN_ADVERBS = frozenset(
    {
        "also", "repeatedly", "previously", "earlier", "later", "already", "again",
        "publicly", "officially", "separately", "recently", "reportedly", "further",
        "once", "long", "flatly", "firmly", "strongly", "then", "has", "have", "had",
        "will", "would", "first",
    }
)
EN_NEGATIONS = frozenset({"not", "never", "n't", "t", "nt"})
EN_MODALS = frozenset(
    {"to", "not", "could", "would", "did", "does", "do", "will", "may", "might", "should",
     "can", "cannot", "must", "didn", "don", "doesn", "won"}
)
EN_PRONOUNS = frozenset({"he", "she", "they", "it"})

DETERMINERS = frozenset(
    {
        "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "sa", "son", "ses",
        "leur", "leurs", "ce", "cet", "cette", "ces", "au", "aux", "à", "en", "par", "pour",
        "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their",
        "our", "of", "in", "by", "for", "with", "on", "at", "to", "from",
    }
)

FR_DETERMINERS = frozenset(
    {
        "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "sa", "son", "ses",
        "leur", "leurs", "ce", "cet", "cette", "ces", "au", "aux", "à", "en", "par", "pour",
        "tout", "toute", "tous", "toutes", "aucun", "aucune", "chaque", "plusieurs",
        "quelques", "autre", "autres", "nul", "nulle", "notre", "votre", "mon", "ma", "mes",
    }
)

# --- Prepositional cues ----------------------------------------------------------
# Sequences of tokens (lower case). `d'après` is tokenised as d / après.
PREPOSITION_CUES: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("as", "reported", "by"),
    ("d", "après"),
    ("selon",),
    ("de", "source"),
    ("de", "sources"),
    ("de", "même", "source"),
    ("à", "en", "croire"),
    ("from", "sources"),
)
# "citant X" / "citing X": X is the original source, the clause subject relays.
CITING_WORDS = frozenset({"citant", "citing", "quoting"})
# "Selon Yonhap, qui cite des sources gouvernementales, ...": a relative clause citing.
RELATIVE_CITING = frozenset({"cite", "citent", "cites", "cited", "quotes", "quoted"})
# "publié par X", "carried by X": X relays the speaker's words.
RELAY_PARTICIPLES = frozenset(
    {
        "publié", "publiée", "publiés", "publiées", "diffusé", "diffusée", "diffusés",
        "diffusées", "rapporté", "rapportée", "rapportés", "rapportées", "relayé", "relayée",
        "relayés", "relayées", "cité", "citée", "cités", "citées", "repris", "reprise",
        "carried", "published", "quoted", "cited", "relayed", "released", "broadcast",
    }
)
RELAY_BY = frozenset({"par", "by"})

# Words skipped between a verb and an inverted subject
# (", a souligné vendredi 26 décembre le dirigeant nord-coréen Kim Jong-un").
TIME_WORDS = frozenset(
    {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre", "matin", "soir", "midi",
        "après", "dernier", "dernière", "hier", "aujourd", "hui", "ce", "cette", "jour",
        "le", "er", "encore", "également", "aussi", "alors", "ensuite", "enfin", "déjà",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "on", "late", "early", "last",
        "yesterday", "today", "morning", "evening", "night", "week", "then", "also",
        "earlier", "later", "again", "separately", "nuit", "mois", "semaine", "veille",
        "lendemain", "année", "soirée", "matinée", "week-end",
    }
)
# Platforms a statement is posted on: ", a écrit sur Telegram X".
PLATFORMS = frozenset(
    {"telegram", "x", "twitter", "facebook", "instagram", "youtube", "weibo", "tiktok",
     "truth", "vk", "vkontakte", "internet"}
)
# Words that open an adverbial, never a subject noun phrase ("Pour l'instant, ...").
CLAUSE_PREPOSITIONS = frozenset(
    {"pour", "en", "dans", "après", "avant", "depuis", "pendant", "lors", "sur", "sous",
     "avec", "sans", "malgré", "face", "ainsi", "toutefois", "cependant", "pourtant",
     "in", "on", "at", "after", "before", "for", "since", "during", "with", "without",
     "despite", "under", "however", "meanwhile", "still", "yet"}
)
# Last words of a time adverbial opening a sentence ("Ces derniers mois, ...").
TIME_HEADS = frozenset(
    {"mois", "semaine", "semaines", "jour", "jours", "année", "années", "ans", "heures",
     "temps", "nuit", "soir", "matin", "week-end", "week", "weeks", "days", "months",
     "years", "hours", "night", "morning", "evening", "lundi", "mardi", "mercredi",
     "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "hier", "yesterday", "aujourd", "hui"}
)
# A verb's complement introducing the reported clause.
COMPLEMENTIZERS = frozenset({"que", "qu", "that"})

# Words that end a subject noun phrase after an inverted verb, or an object
# after `told`: prepositions starting an adverbial, relative pronouns.
NP_STOP_WORDS = frozenset(
    {
        "dans", "lors", "en", "devant", "sur", "pendant", "depuis", "avant", "après",
        "selon", "qui", "que", "qu", "lorsque", "alors", "tandis", "mais", "car", "à",
        "au", "aux", "vendredi", "jeudi", "lundi", "mardi", "mercredi", "samedi",
        "dimanche", "cité", "citée", "cités", "citées", "citant", "parlant", "interrogé",
        "in", "on", "during", "at", "after", "before", "while", "when", "speaking",
        "citing", "according", "who", "which", "that", "as", "but", "adding", "without",
        "told", "to", "via", "ajoutant", "précisant", "assurant", "estimant",
    }
)
# Adverbials that may follow the verb+subject of a postposed attribution
# ("..., the JCS said in a text message"): their presence keeps the content before.
ADVERBIAL_STARTS = frozenset(
    {
        "dans", "lors", "en", "devant", "sur", "pendant", "depuis", "selon", "à", "au",
        "aux", "vendredi", "jeudi", "lundi", "mardi", "mercredi", "samedi", "dimanche",
        "in", "on", "during", "at", "after", "before", "while", "when", "speaking",
        "citing", "according", "via", "adding", "ajoutant", "citant", "cité", "citée",
        "cités", "citées", "parlant", "sous", "under", "through", "par", "le", "la",
        "quoted", "last", "late", "early", "this", "hier", "ce", "cette", "earlier",
        "later", "told", "as", "to", "for", "from", "et", "and", "without", "sans",
        "with", "avec", "tard", "plus",
    }
)
ADVERBIAL_STARTS = ADVERBIAL_STARTS | TIME_WORDS

# Nouns for documents, not speakers: "selon un communiqué", "according to a report".
DOCUMENT_NOUNS = frozenset(
    {
        "communiqué", "communiqués", "message", "rapport", "rapports", "déclaration",
        "discours", "article", "éditorial", "entretien", "interview", "estimation",
        "estimations", "analyse", "document", "documents", "dépêche", "note", "bilan",
        "statement", "statements", "report", "reports", "speech", "editorial", "estimate",
        "estimates", "assessment", "analysis", "dispatch", "letter", "lettre", "post",
        "publication", "commentary", "commentaire", "chiffres", "figures", "données", "data",
        "transcript", "readout", "compte", "transcription", "version", "bulletin",
    }
)
# Nouns a definite description may use to refer back to a source already named
# ("cité par l'agence", "the ministry said") -> registry kinds.
ANAPHORIC_NOUNS: dict[str, frozenset[str]] = {
    "agence": frozenset({"state_media", "news_agency"}),
    "agency": frozenset({"state_media", "news_agency", "intelligence"}),
    "journal": frozenset({"state_media", "news_outlet"}),
    "quotidien": frozenset({"state_media", "news_outlet"}),
    "newspaper": frozenset({"state_media", "news_outlet"}),
    "daily": frozenset({"state_media", "news_outlet"}),
    "ministère": frozenset({"government", "military"}),
    "ministry": frozenset({"government", "military"}),
    "département": frozenset({"government", "military"}),
    "department": frozenset({"government", "military"}),
    "armée": frozenset({"military"}),
    "military": frozenset({"military"}),
    "régime": frozenset({"government"}),
    "regime": frozenset({"government"}),
    "président": frozenset({"official"}),
    "president": frozenset({"official"}),
    "dirigeant": frozenset({"official"}),
    "leader": frozenset({"official"}),
}

# Heads of a mention that name a speaker for an institution, so that
# "Russian Defence Ministry spokesman Igor Konashenkov" may resolve to the ministry.
SPOKESPERSON_WORDS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "porte", "parole"}
)
# Words that start a complement which is not part of the speaker's identity:
# "a diplomat in Seoul" is not the South Korean government.
MENTION_CUT_WORDS = frozenset(
    {
        "in", "at", "from", "with", "for", "on", "familiar", "captured", "based", "who",
        "à", "en", "chez", "interrogé", "interrogée", "interrogés", "qui", "basé", "basée",
        "installé", "poste", "familier", "proche", "proches", "sous",
    }
)
TITLE_WORDS = frozenset(
    {"m", "mme", "mlle", "dr", "pr", "gen", "gén", "général", "mr", "mrs", "ms", "prof",
     "lt", "col", "sgt", "capt", "adm", "sen", "rep", "gov"}
)
NATIONALITY_ADJECTIVES = (
    "sud-coréen", "nord-coréen", "russe", "ukrainien", "américain", "japonais", "chinois",
    "sud-coréenne", "nord-coréenne", "ukrainienne", "américaine",
)

# A comma then one of these ends a reported clause: the rest is the reporter's
# framing ("..., in a rare acknowledgement of hardship", "..., en adressant ses vœux").
ADJUNCT_STARTS = frozenset(
    {
        "in", "during", "while", "whereas", "calling", "adding", "citing", "saying",
        "according", "lors", "tandis", "ajoutant", "citant", "estimant", "assurant",
        "précisant", "qualifiant", "soulignant", "selon",
    }
)

# Nouns that open an apposition giving a speaker's role after their name.
ROLE_NOUNS = frozenset(
    {
        "chef", "directeur", "directrice", "président", "présidente", "ministre",
        "porte", "secrétaire", "commandant", "ambassadeur", "ambassadrice", "conseiller",
        "conseillère", "head", "chief", "director", "commander", "minister", "spokesman",
        "spokeswoman", "spokesperson", "secretary", "ambassador", "adviser", "advisor",
        "professor", "analyst", "expert", "researcher", "fellow", "official", "professeur",
        "chercheur", "chercheuse", "analyste", "spécialiste", "experte", "responsable",
        "politologue", "historien", "historienne", "économiste", "diplomate", "député",
        "députée", "sénateur", "sénatrice", "membre", "member", "rédacteur", "rédactrice",
        "correspondant", "correspondante", "officier", "général", "colonel", "lecturer",
        "scholar", "economist", "historian", "lawmaker", "senator", "diplomat", "officer",
    }
)
# Plural nouns of people whose view `Pour les experts, ...` reports.
VIEWPOINT_NOUNS = frozenset(
    {"experts", "analystes", "spécialistes", "observateurs", "chercheurs", "diplomates",
     "responsables", "autorités"}
)
# Kinds of registry sources that relay other people's words: `Kim said ..., according
# to KCNA` is Kim relayed by KCNA, while `..., selon le NIS` makes the NIS the source.
MEDIA_KINDS = frozenset({"state_media", "news_agency", "news_outlet"})
MEDIA_WORDS = frozenset(
    {"agence", "agency", "journal", "newspaper", "daily", "média", "médias", "media",
     "télévision", "television", "tv", "radio", "site", "quotidien", "hebdomadaire", "presse"}
)
# Adjuncts that end an object-like content when there is no `que` / `that`:
# "a qualifié la Corée du Sud d'« ennemi principal » lors d'un discours".
OBJECT_ADJUNCTS = frozenset({"lors", "during", "pendant"})
# After a comma, these end an object-like content too ("..., en violation de",
# "..., despite ...").
OBJECT_COMMA_ADJUNCTS = frozenset(
    {"en", "dans", "malgré", "après", "avant", "depuis", "sans", "alors", "tandis", "in",
     "despite", "amid", "after", "before", "since", "without", "while", "as"}
)
# Words that open the reported clause after `told <addressee>`.
CLAUSE_STARTS = frozenset(
    {"he", "she", "they", "it", "we", "i", "the", "a", "an", "his", "her", "their", "its",
     "north", "south", "russia", "pyongyang", "seoul", "moscow", "kyiv", "there", "this"}
)
# Verbs that report only with a clause in normal order: "ces livraisons auraient
# rapporté des milliards" is money, ", a rapporté l'agence Tass" is a report.
# "a lancé un missile" is a launch, "..., a-t-il lancé" a remark.
# "avancer": "les troupes avancent" is a move, "le renseignement avance que" a claim.
NORMAL_ORDER_NEEDS_COMPLEMENT = frozenset({"rapporter", "lancer", "avancer"})

# Words ending like infinitives that are not ("hier", "notre", "contre", "entre").
FR_NOT_INFINITIVES = frozenset(
    {"hier", "notre", "votre", "contre", "entre", "autre", "autres", "leur", "leurs", "dernier",
     "premier", "encore", "lettre", "centre", "ministre", "nombre", "septembre", "octobre",
     "novembre", "décembre", "guerre", "frontière", "matière", "manière", "terre", "pierre",
     "libre", "propre", "titre", "cadre", "ordre", "membre", "chiffre", "plusieurs"}
)
# Subordinators inside a verb's subject segment: the subject is what follows them
# ("... struck a more exuberant tone when he announced").
SUBORDINATORS = frozenset(
    {"when", "while", "after", "before", "because", "since", "whereas", "lorsque", "quand",
     "tandis", "puisque", "parce", "après", "avant"}
)
# Words that open a clause before its subject ("..., as South Korea's military said").
LEADING_CONJUNCTIONS = frozenset(
    {"as", "but", "though", "although", "while", "and", "or", "because", "since", "mais",
     "et", "car", "puis", "tandis", "lorsque", "alors", "bien", "puisque", "when", "which"}
)
# Adverbs between a subject and its verb ("The agency also said", "Kiev, de son côté").
TRAILING_ADVERBS = frozenset(
    {"also", "only", "previously", "already", "again", "later", "earlier", "further",
     "repeatedly", "however", "meanwhile", "reportedly", "separately", "then", "too",
     "pourtant", "cependant", "toutefois", "également", "aussi", "déjà", "ensuite", "enfin"}
)
RELATIVE_PRONOUNS = frozenset({"qui", "who", "which", "dont", "whose"})

# "called the drills a rehearsal" qualifies; "called for", "called on" do not report.
EN_CALL_PARTICLES = frozenset({"for", "on", "off", "in", "up", "out", "back", "it"})

# Progressive and participial forms: "Seoul is saying ...", "..., saying that ...".
EN_PROGRESSIVE: dict[str, tuple[str, str]] = {
    "saying": ("say", "asserts"),
    "adding": ("add", "asserts"),
    "insisting": ("insist", "asserts"),
    "claiming": ("claim", "asserts"),
    "warning": ("warn", "warns"),
    "denying": ("deny", "denies"),
    "accusing": ("accuse", "accuses"),
    "calling": ("call", "asserts"),
    "noting": ("note", "asserts"),
    "stressing": ("stress", "asserts"),
    "explaining": ("explain", "asserts"),
    "arguing": ("argue", "asserts"),
    "alleging": ("allege", "accuses"),
    "acknowledging": ("acknowledge", "acknowledges"),
    "confirming": ("confirm", "acknowledges"),
    "describing": ("describe", "asserts"),
    "dismissing": ("dismiss", "denies"),
    "rejecting": ("reject", "denies"),
    "predicting": ("predict", "estimates"),
}

# Heads after `selon` / `according to` that are not sources: "selon le calendrier prévu",
# "according to plan", "selon toute vraisemblance", "selon les termes du traité".
NON_SOURCE_HEADS = frozenset(
    {
        "calendrier", "plan", "plans", "programme", "termes", "terms", "vraisemblance",
        "toute", "tout", "règle", "règles", "loi", "lois", "law", "laws", "rule", "rules",
        "schedule", "accord", "agreement", "traité", "treaty", "procédure", "procedure",
        "principe", "principes", "tradition", "modalités", "conditions", "usage", "coutume",
        "méthode", "method", "que", "qu", "nature", "besoins", "needs", "cas", "case",
    }
)

# Finite forms read as nouns unless a comma or `que` says otherwise.
FR_MOSTLY_NOUNS = frozenset(
    {"note", "juge", "écrit", "dit", "poursuit", "conclut", "observe", "chiffre", "relève",
     "commente", "résume", "analyse", "tranche"}
)
COORDINATORS = frozenset({"et", "and", "puis", "then"})

EN_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
     "my", "your", "some", "any", "no", "every", "each"}
)
