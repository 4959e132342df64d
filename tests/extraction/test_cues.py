"""Every attribution pattern, French and English, backed by a sentence in newsroom style.

Each case: (text, language, cue text, [(mention, registry source or None, position)],
start of the content, direct quote, stance).
"""

from __future__ import annotations

import pytest

CASES = [
    # prepositional cues
    ("Pyongyang a envoyé 3 000 soldats supplémentaires, selon Séoul.", "fr", "selon",
     [("Séoul", "South Korean government", 0)], "Pyongyang a envoyé", False, "asserts"),
    ("D'après le renseignement sud-coréen, les soldats ont été déployés en octobre.", "fr",
     "D'après", [("le renseignement sud-coréen", "South Korean intelligence", 0)],
     "les soldats ont été déployés", False, "asserts"),
    ("De source diplomatique, on indique que le sommet aura lieu à Vladivostok.", "fr",
     "De source", [("source diplomatique", None, 0)], "le sommet aura lieu", False, "asserts"),
    ("Selon Yonhap citant le NIS, 1 100 soldats ont été tués.", "fr", "Selon",
     [("le NIS", "NIS", 0), ("Yonhap", "Yonhap", 1)], "1 100 soldats ont été tués", False,
     "asserts"),
    ("According to the Pentagon, the troops are now in the Kursk region.", "en",
     "According to", [("the Pentagon", "Pentagon", 0)], "the troops are now", False, "asserts"),
    ("North Korea has shipped new artillery, as reported by Reuters.", "en", "as reported by",
     [("Reuters", "Reuters", 0)], "North Korea has shipped", False, "reports"),
    ("Citing the NIS, Yonhap said 300 soldiers had died.", "en", "said",
     [("the NIS", "NIS", 0), ("Yonhap", "Yonhap", 1)], "300 soldiers had died", False,
     "asserts"),
    # reporting verbs, both word orders, several tenses
    ("Le Kremlin a déclaré que la coopération était légale.", "fr", "a déclaré",
     [("Le Kremlin", "Kremlin", 0)], "la coopération était légale", False, "asserts"),
    ("La coopération est légale, a déclaré le Kremlin.", "fr", "a déclaré",
     [("le Kremlin", "Kremlin", 0)], "La coopération est légale", False, "asserts"),
    ("Séoul affirme que le Nord prépare un essai nucléaire.", "fr", "affirme",
     [("Séoul", "South Korean government", 0)], "le Nord prépare", False, "asserts"),
    ("Le Nord prépare un essai nucléaire, affirme Séoul.", "fr", "affirme",
     [("Séoul", "South Korean government", 0)], "Le Nord prépare", False, "asserts"),
    ("Moscou avait démenti toute livraison d'armes.", "fr", "avait démenti",
     [("Moscou", "Kremlin", 0)], "toute livraison", False, "denies"),
    ("Kiev aurait affirmé que les soldats étaient en Crimée.", "fr", "aurait affirmé",
     [("Kiev", "Ukrainian government", 0)], "les soldats étaient", False, "asserts"),
    ("Au moins neuf soldats ont été tués, a reconnu Kim Jong-un dans un discours prononcé "
     "le 12 décembre.", "fr", "a reconnu", [("Kim Jong-un", "Kim Jong-un", 0)],
     "Au moins neuf soldats", False, "acknowledges"),
    ("Le Kremlin a confirmé la présence de soldats nord-coréens.", "fr", "a confirmé",
     [("Le Kremlin", "Kremlin", 0)], "la présence", False, "acknowledges"),
    ("Pyongyang a nié toute implication.", "fr", "a nié",
     [("Pyongyang", "North Korean government", 0)], "toute implication", False, "denies"),
    ("La Russie a rejeté ces accusations.", "fr", "a rejeté", [("La Russie", "Kremlin", 0)],
     "ces accusations", False, "denies"),
    ("KCNA a annoncé le lancement d'un satellite.", "fr", "a annoncé", [("KCNA", "KCNA", 0)],
     "le lancement", False, "reports"),
    # the accusation is the content, not its target (conventions B, issue 10 pattern 5)
    ("Washington a accusé Pyongyang de fournir des missiles.", "fr", "a accusé",
     [("Washington", "US government", 0)], "fournir des missiles", False, "accuses"),
    ("Le NIS estime que 11 000 soldats ont été envoyés.", "fr", "estime", [("Le NIS", "NIS", 0)],
     "11 000 soldats", False, "estimates"),
    ("Kim Yo-jong a averti que Séoul paierait cher.", "fr", "a averti",
     [("Kim Yo-jong", "Kim Yo-jong", 0)], "Séoul paierait", False, "warns"),
    ("Les sanctions ont échoué, a-t-il ajouté.", "fr", "a-t-il ajouté", [("il", None, 0)],
     "Les sanctions ont échoué", False, "asserts"),
    ("Le Kremlin said the cooperation was legal.", "en", "said",
     [("Le Kremlin", "Kremlin", 0)], "the cooperation was legal", False, "asserts"),
    ("The cooperation is legal, the Kremlin said.", "en", "said", [("the Kremlin", "Kremlin", 0)],
     "The cooperation is legal", False, "asserts"),
    ("The cooperation is legal, said Kremlin spokesman Dmitry Peskov, in Moscow.", "en", "said", [("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", 0)],
     "The cooperation is legal", False, "asserts"),
    ("Seoul has said the North sent 3,000 more troops.", "en", "has said",
     [("Seoul", "South Korean government", 0)], "the North sent", False, "asserts"),
    ("North Korea acknowledged that its soldiers had died in Kursk.", "en", "acknowledged",
     [("North Korea", "North Korean government", 0)], "its soldiers had died", False,
     "acknowledges"),
    ("Moscow denied the report.", "en", "denied", [("Moscow", "Kremlin", 0)], "the report",
     False, "denies"),
    ("Yonhap, citing the NIS, reported that 100 soldiers had died.", "en", "reported",
     [("the NIS", "NIS", 0), ("Yonhap", "Yonhap", 1)], "100 soldiers had died", False,
     "reports"),
    ("The Pentagon estimated that 1,000 soldiers had been wounded.", "en", "estimated",
     [("The Pentagon", "Pentagon", 0)], "1,000 soldiers", False, "estimates"),
    ("Washington warned that new sanctions would follow.", "en", "warned",
     [("Washington", "US government", 0)], "new sanctions", False, "warns"),
    # the accusation is the content, not its target (conventions B, issue 10 pattern 5)
    ("Kyiv accused Moscow of using North Korean missiles.", "en", "accused",
     [("Kyiv", "Ukrainian government", 0)], "using North Korean missiles", False, "accuses"),
    ("Kim Jong-un déclara que la guerre était finie.", "fr", "déclara",
     [("Kim Jong-un", "Kim Jong-un", 0)], "la guerre était finie", False, "asserts"),
    ("Le NIS estimait que 300 soldats étaient morts.", "fr", "estimait",
     [("Le NIS", "NIS", 0)], "300 soldats étaient morts", False, "estimates"),
    ("Séoul confirmera que les soldats sont morts.", "fr", "confirmera",
     [("Séoul", "South Korean government", 0)], "les soldats sont morts", False, "acknowledges"),
    ("Pyongyang avait reconnu ces pertes.", "fr", "avait reconnu",
     [("Pyongyang", "North Korean government", 0)], "ces pertes", False, "acknowledges"),
    ("Ils sont morts, affirme-t-il.", "fr", "affirme-t-il", [("il", None, 0)], "Ils sont morts",
     False, "asserts"),
    ("Kyiv had said the missiles were North Korean.", "en", "had said",
     [("Kyiv", "Ukrainian government", 0)], "the missiles were", False, "asserts"),
    ("Seoul is saying the launch failed.", "en", "is saying",
     [("Seoul", "South Korean government", 0)], "the launch failed", False, "asserts"),
    ("The drills are a provocation, says Pyongyang.", "en", "says",
     [("Pyongyang", "North Korean government", 0)], "The drills are a provocation", False,
     "asserts"),
    # direct quotes, speaker before or after, several sentences, colon
    ("« Nous vaincrons. Rien ne nous arrêtera », a déclaré Kim Jong-un.", "fr", "a déclaré",
     [("Kim Jong-un", "Kim Jong-un", 0)], "Nous vaincrons. Rien ne nous arrêtera", True,
     "asserts"),
    ("Kim Jong-un a déclaré : « Nous vaincrons. »", "fr", "a déclaré",
     [("Kim Jong-un", "Kim Jong-un", 0)], "Nous vaincrons.", True, "asserts"),
    ("Kim Jong-un : « Nos soldats sont des héros. »", "fr", ":",
     [("Kim Jong-un", "Kim Jong-un", 0)], "Nos soldats sont des héros.", True, "asserts"),
    ("“We will respond with force,” the North Korean foreign ministry said.", "en", "said",
     [("the North Korean foreign ministry", "North Korean government", 0)],
     "We will respond with force,", True, "asserts"),
    ('Putin said: "Our friendship is unbreakable. It will last."', "en", "said",
     [("Putin", "Vladimir Putin", 0)], "Our friendship is unbreakable. It will last.", True,
     "asserts"),
    # chains
    ("Un député sud-coréen citant le service de renseignement de son pays a déclaré que 300 "
     "soldats étaient morts.", "fr", "a déclaré",
     [("le service de renseignement de son pays", "NIS", 0), ("Un député sud-coréen", None, 1)],
     "300 soldats étaient morts", False, "asserts"),
    ("Dans son message, publié par l'agence d'Etat KCNA, Kim Jong-un a déclaré que 2025 avait "
     "été décisive.", "fr", "a déclaré",
     [("Kim Jong-un", "Kim Jong-un", 0), ("l'agence d'Etat KCNA", "KCNA", 1)],
     "2025 avait été décisive", False, "asserts"),
    ("The drills were a warning, Kim said, according to KCNA.", "en", "said",
     [("Kim", "Kim Jong-un", 0), ("KCNA", "KCNA", 1)], "The drills were a warning", False,
     "asserts"),
    # unresolved speakers are kept
    ("Les sanctions sont inefficaces, estime un expert.", "fr", "estime",
     [("un expert", None, 0)], "Les sanctions sont inefficaces", False, "estimates"),
    ("A diplomat in Seoul said the talks had stalled.", "en", "said",
     [("A diplomat in Seoul", None, 0)], "the talks had stalled", False, "asserts"),
    # reporting locutions, in every position
    ("« Nous riposterons », a mis en garde le ministre japonais de la Défense.", "fr",
     "a mis en garde", [("le ministre japonais de la Défense", None, 0)], "Nous riposterons",
     True, "warns"),
    ("Moscou a fait savoir qu'il ne commenterait pas ces informations.", "fr", "a fait savoir",
     [("Moscou", "Kremlin", 0)], "il ne commenterait pas", False, "asserts"),
    ("Les livraisons se poursuivent, a-t-il fait savoir.", "fr", "a-t-il fait savoir",
     [("il", None, 0)], "Les livraisons se poursuivent", False, "asserts"),
    ("Séoul fait valoir que ces transferts violent les sanctions.", "fr", "fait valoir",
     [("Séoul", "South Korean government", 0)], "ces transferts violent", False, "asserts"),
    ("Kiev a fermement démenti toute négociation secrète.", "fr", "a fermement démenti",
     [("Kiev", "Ukrainian government", 0)], "toute négociation secrète", False, "denies"),
    ("Kim Jong-un a de nouveau affirmé que son arsenal était prêt.", "fr",
     "a de nouveau affirmé", [("Kim Jong-un", "Kim Jong-un", 0)], "son arsenal était prêt",
     False, "asserts"),
    ("Le Nord enverra d'autres soldats, a prédit le renseignement sud-coréen.", "fr",
     "a prédit", [("le renseignement sud-coréen", "South Korean intelligence", 0)],
     "Le Nord enverra", False, "estimates"),
    # speaker boundaries
    ("Un diplomate, qui a requis l'anonymat, a affirmé que les pourparlers étaient rompus.",
     "fr", "a affirmé", [("Un diplomate", None, 0)], "les pourparlers étaient rompus", False,
     "asserts"),
    ("Le front tient, assure le commandant en chef ukrainien Oleksandr Syrsky.", "fr",
     "assure", [("le commandant en chef ukrainien Oleksandr Syrsky", None, 0)],
     "Le front tient", False, "asserts"),
    ("« Tout est calme », a reconnu, sous couvert d'anonymat, un officier russe.", "fr",
     "a reconnu", [("un officier russe", None, 0)], "Tout est calme", True, "acknowledges"),
    ("Les drones arrivent, a écrit sur Telegram Volodymyr Zelensky.", "fr", "a écrit",
     [("Volodymyr Zelensky", "Volodymyr Zelensky", 0)], "Les drones arrivent", False,
     "asserts"),
    ("C'est faux, a rétorqué la porte-parole de la diplomatie russe, Maria Zakharova.", "fr",
     "a rétorqué", [("la porte-parole de la diplomatie russe, Maria Zakharova", None, 0)],
     "C'est faux", False, "asserts"),
    ("Pour l'instant, rien n'est signé, a souligné la diplomatie chinoise.", "fr",
     "a souligné", [("la diplomatie chinoise", "Chinese Foreign Ministry", 0)], "Pour l'instant, rien n'est signé",
     False, "asserts"),
    ("Selon Andreï Lankov, spécialiste de la Corée du Nord, le régime y gagne.", "fr",
     "Selon", [("Andreï Lankov, spécialiste de la Corée du Nord", None, 0)],
     "le régime y gagne", False, "asserts"),
    ("According to Victor Cha, a senior fellow at CSIS, the deal helps Pyongyang.", "en",
     "According to", [("Victor Cha, a senior fellow at CSIS", None, 0)], "the deal helps",
     False, "asserts"),
    ("Pour Antoine Bondaz, chercheur à la FRS, Pyongyang y trouve son compte.", "fr", "Pour",
     [("Antoine Bondaz, chercheur à la FRS", None, 0)], "Pyongyang y trouve", False,
     "asserts"),
    ("A spokesperson for the Russian Defense Ministry said the strikes were precise.", "en",
     "said", [("A spokesperson for the Russian Defense Ministry",
               "Russian Ministry of Defence", 0)], "the strikes were precise", False,
     "asserts"),
    # an incise inside the reported clause keeps the whole clause
    ("Les soldats, a-t-il affirmé, manquent de munitions.", "fr", "a-t-il affirmé",
     [("il", None, 0)], "Les soldats, a-t-il affirmé, manquent de munitions", False,
     "asserts"),
    ("Pyongyang, the agency added, would never give up its deterrent.", "en", "added",
     [("the agency", None, 0)], "Pyongyang, the agency added, would never", False, "asserts"),
    # impersonal `on` with a named source, enclosed adverbials
    ("Un sommet est prévu en mai, a-t-on appris de source diplomatique.", "fr",
     "a-t-on appris", [("source diplomatique", None, 0)], "Un sommet est prévu", False,
     "reports"),
    ("Les frappes continueront, précise-t-on au ministère russe de la Défense.", "fr",
     "précise-t-on", [("ministère russe de la Défense", "Russian Ministry of Defence", 0)],
     "Les frappes continueront", False, "asserts"),
    ("Rien ne change, juge pour sa part le politologue Fiodor Loukianov.", "fr", "juge",
     [("le politologue Fiodor Loukianov", None, 0)], "Rien ne change", False, "estimates"),
    ("M. Zelensky a affirmé, lors de son allocution, que les pertes étaient lourdes.", "fr",
     "a affirmé", [("M. Zelensky", "Volodymyr Zelensky", 0)], "les pertes étaient lourdes",
     False, "asserts"),
    ("L'ONU se dit « gravement préoccupée » par ces livraisons.", "fr", "se dit",
     [("L'ONU", None, 0)], "« gravement préoccupée »", False, "asserts"),
    ("Ces derniers mois, le régime a multiplié les tirs, rappelle l'AFP.", "fr", "rappelle",
     [("l'AFP", "AFP", 0)], "Ces derniers mois, le régime", False, "asserts"),
    ("À en croire les services ukrainiens, Pyongyang a livré des obus.", "fr", "À en croire",
     [("les services ukrainiens", None, 0)], "Pyongyang a livré", False, "asserts"),
    ("« C'est du bluff », tranche un ancien diplomate sud-coréen.", "fr", "tranche",
     [("un ancien diplomate sud-coréen", None, 0)], "C'est du bluff", True, "asserts"),
    ("The White House declined to confirm the figure but said it was watching.", "en", "said",
     [("The White House", "US government", 0)], "it was watching", False, "asserts"),
    # objects end at an adjunct after a comma
    ("Moscou dément tout transfert d'armes, en violation des sanctions.", "fr", "dément",
     [("Moscou", "Kremlin", 0)], "tout transfert d'armes", False, "denies"),
]


@pytest.mark.parametrize(
    ("text", "lang", "cue", "mentions", "content", "direct", "stance"),
    CASES,
    ids=[c[0][:50] for c in CASES],
)
def test_pattern(extract, text, lang, cue, mentions, content, direct, stance):
    claims = extract(text, lang)
    assert len(claims) == 1, [c.to_dict() for c in claims]
    claim = claims[0]
    assert claim.cue.text == cue
    assert [(m.mention, m.source, m.position) for m in claim.sources] == mentions
    assert claim.content is not None and claim.content.text.startswith(content)
    assert claim.direct_quote is direct
    assert claim.stance == stance


def test_collective_mention_names_two_sources(extract):
    claims = extract(
        "Les troupes ont subi de lourdes pertes, selon les agences de renseignement "
        "sud-coréennes et occidentales.", "fr")
    assert [m.source for m in claims[0].sources] == [
        "South Korean intelligence", "Western intelligence"]
    claims = extract("South Korean and Western intelligence agencies say 1,000 died.", "en")
    assert [m.source for m in claims[0].sources] == [
        "South Korean intelligence", "Western intelligence"]


def test_pronoun_refers_to_previous_speaker(extract):
    claims = extract(
        "Kim Yo-jong a dénoncé les exercices. Ils préparent une invasion, a-t-elle ajouté.", "fr")
    assert claims[-1].sources[0].mention == "elle"
    assert claims[-1].sources[0].source == "Kim Yo-jong"
    claims = extract("Putin said the treaty was historic. He added that it was defensive.", "en")
    assert claims[-1].sources[0].source == "Vladimir Putin"


def test_unattributed_statements_are_not_claims(extract):
    assert extract("Pyongyang a tiré deux missiles jeudi. Le Japon a protesté.", "fr") == []
    assert extract("North Korea fired two missiles on Thursday.", "en") == []


def test_negated_verb_is_not_a_claim(extract):
    assert extract("Pyongyang n'a jamais reconnu ces pertes.", "fr") == []
    assert extract("The Kremlin has not confirmed the report.", "en") == []


def test_unattributed_statements_on_request(starter):
    from articles.extraction import extract_claims

    text = "Pyongyang a tiré deux missiles jeudi. Le Japon a protesté, selon Tokyo."
    claims = extract_claims(text, starter, language="fr", include_unattributed=True)
    assert [c.sources == [] for c in claims] == [True, False]
    assert claims[0].cue.kind == "" and claims[0].content.text == claims[0].text


def test_participle_after_a_comma_is_a_second_claim_by_the_same_speaker(extract):
    claims = extract(
        "The cooperation is legal, said Kremlin spokesman Dmitry Peskov, adding that talks "
        "would continue.", "en")
    assert [(c.cue.text, c.sources[0].source, c.content.text) for c in claims] == [
        ("said", "Dmitry Peskov", "The cooperation is legal"),
        ("adding", "Dmitry Peskov", "talks would continue"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Les travaux avancent selon le calendrier prévu.",
        "The drills went ahead according to plan.",
        "Le missile, selon toute vraisemblance, était un KN-23.",
        "He told his soldiers to advance.",
        "Volodymyr Zelensky a publié sur Telegram une vidéo des prisonniers.",
        "The United States and South Korea hold drills every spring.",
        "Le Kremlin ne confirme ni ne dément la présence de soldats nord-coréens.",
        "Pour la première fois, le tir a eu lieu de nuit.",
        "Seoul called for calm, calling on both sides to talk.",
        "Le fait savoir a-t-il un prix ?",
        "Ce qui se dit à Moscou reste secret.",
        "Une tranche de la dette a été remboursée.",
    ],
)
def test_not_attributions(extract, text):
    assert extract(text) == []


def test_adding_that_is_its_own_claim(extract):
    claims = extract(
        "The missile flew 800 km, Japan's defense ministry said, adding that it fell outside "
        "the exclusive economic zone.", "en")
    assert [(c.cue.text, c.content.text) for c in claims] == [
        ("said", "The missile flew 800 km"),
        ("adding", "it fell outside the exclusive economic zone"),
    ]


def test_relay_after_a_selon_object(extract):
    claims = extract("Selon l'armée ukrainienne, citée par le Kyiv Independent, cent soldats "
                     "ont été tués.", "fr")
    assert [(m.mention, m.position) for m in claims[0].sources] == [
        ("l'armée ukrainienne", 0), ("le Kyiv Independent", 1)]
    assert claims[0].content.text == "cent soldats ont été tués"


def test_learned_is_a_cue_only_for_impersonal_on(extract):
    assert extract("Kim a appris la nouvelle à la radio.", "fr") == []


def test_pour_gives_way_to_a_reporting_verb(extract):
    claims = extract("Pour Moscou, il s'agit d'une coopération légitime, a insisté Maria "
                     "Zakharova.", "fr")
    assert [c.cue.text for c in claims] == ["a insisté"]


def test_told_with_a_reported_clause(extract):
    claims = extract("A captured soldier told lawmakers he wanted to go to Seoul.", "en")
    assert claims[0].content.text == "he wanted to go to Seoul"


def test_coordinated_verbs_share_their_subject(extract):
    claims = extract(
        "Pyongyang dément avoir fourni des armes à la Russie et qualifie ces accusations "
        "de « complot américain ».", "fr")
    assert [(c.cue.text, c.sources[0].source, c.content.text) for c in claims] == [
        ("dément", "North Korean government", "avoir fourni des armes à la Russie"),
        ("qualifie", "North Korean government", "ces accusations de « complot américain »"),
    ]


def test_passive_quoted_as_saying(extract):
    claims = extract('"Drones decide wars," Kim was quoted as saying.', "en")
    assert claims[0].cue.text == "was quoted as saying"
    assert claims[0].sources[0].source == "Kim Jong-un" and claims[0].direct_quote
