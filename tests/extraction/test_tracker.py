"""Coordinated sources and the cross-sentence speaker tracker."""

from __future__ import annotations

import pytest


def _sources(claim):
    return [(m.mention, m.source) for m in claim.sources]


def test_coordinated_sources_give_one_attribution_each_with_the_whole_phrase(extract):
    claims = extract("Kiev et Séoul affirment que des soldats nord-coréens combattent.", "fr")
    assert len(claims) == 1
    assert _sources(claims[0]) == [
        ("Kiev et Séoul", "Ukrainian government"),
        ("Kiev et Séoul", "South Korean government"),
    ]
    assert {m.start for m in claims[0].sources} == {0}


def test_elliptic_coordination_shares_the_head(extract):
    text = "South Korean and Ukrainian intelligence agencies said the troops had moved."
    claims = extract(text, "en")
    assert len(claims) == 1
    mentions = claims[0].sources
    assert len(mentions) == 2
    assert mentions[0].source in ("NIS", "South Korean intelligence")
    assert {m.mention for m in mentions} == {"South Korean and Ukrainian intelligence agencies"}


def test_a_bare_surname_follows_the_person_named_before(extract):
    text = (
        "Kim Yo-jong a déclaré que Séoul paierait le prix de ses provocations. "
        "Kim a ajouté que les exercices étaient une menace."
    )
    claims = extract(text, "fr")
    assert [c.sources[0].source for c in claims] == ["Kim Yo-jong", "Kim Yo-jong"]


def test_a_bare_surname_alone_is_the_leader_it_names_by_convention(extract):
    claims = extract("Kim said the launch was a warning to Washington.", "en")
    assert claims[0].sources[0].source == "Kim Jong-un"


def test_a_selon_incise_keeps_the_whole_clause(extract):
    text = "Kim Jong-un a décerné, selon l'agence KCNA, le titre de héros aux soldats de Koursk."
    claim = extract(text, "fr")[0]
    assert claim.sources[0].source == "KCNA"
    assert claim.content.text == (
        "Kim Jong-un a décerné, selon l'agence KCNA, le titre de héros aux soldats de Koursk"
    )


def test_a_trailing_selon_keeps_the_clause_before_it(extract):
    claim = extract("Les soldats sont arrivés à Koursk, selon le NIS.", "fr")[0]
    assert claim.content.text == "Les soldats sont arrivés à Koursk"


def test_avancer_que_is_a_claim_but_troops_advancing_is_not(extract):
    claim = extract("Le renseignement sud-coréen avance que 3 000 soldats sont partis.", "fr")[0]
    assert claim.cue.text == "avance" and claim.sources[0].source in ("NIS", "South Korean intelligence")
    assert extract("Les troupes russes avancent vers Pokrovsk.", "fr") == []


def test_a_gerund_with_an_infinitive_shares_the_speaker(extract):
    text = "Le ministère a indiqué que 28 avions ont été détectés, ajoutant surveiller la situation."
    claims = extract(text, "fr")
    assert [c.cue.text for c in claims] == ["a indiqué", "ajoutant"]
    assert claims[1].content.text == "surveiller la situation"
    assert claims[0].content.text == "28 avions ont été détectés"


def test_the_subject_follows_a_subordinator(extract):
    text = "The Ukrainian president struck a more exuberant tone when he announced the return of 207 Ukrainians."
    claim = extract(text, "en")[0]
    assert claim.sources[0].mention == "he"


def test_the_accusation_is_the_content_negation_and_restriction_included(extract):
    claim = extract("Kiev a accusé Moscou de n'avoir offert que des miettes.", "fr")[0]
    assert claim.content.text == "n'avoir offert que des miettes"
    claim = extract("Moscou accuse Kiev de crimes de guerre.", "fr")[0]
    assert claim.content.text == "Kiev de crimes de guerre"  # a nominal charge: as before


def test_a_described_paper_is_the_last_paper_of_that_country(extract):
    text = (
        "Selon le Rodong Sinmun, les soldats sont rentrés. "
        "Le quotidien nord-coréen a ajouté que Kim les avait reçus."
    )
    claims = extract(text, "fr")
    assert [c.sources[0].source for c in claims] == ["Rodong Sinmun", "Rodong Sinmun"]
    # a paper of another country is not that one
    other = extract(text.replace("nord-coréen", "américain"), "fr")
    assert other[1].sources[0].source is None


def test_an_english_person_pronoun_skips_an_institution(extract):
    text = (
        "Rafael Grossi said the plant had lost power. "
        "The ministry said the line was cut. "
        "He added that inspectors were safe."
    )
    claims = extract(text, "en")
    assert claims[-1].sources[0].mention == "He"
    assert claims[-1].sources[0].source == "Rafael Grossi"


def test_the_same_source_is_the_speaker_just_quoted(extract):
    text = (
        "Le ministère russe de la Défense a annoncé l'échange de 146 prisonniers. "
        "Toujours selon la même source, huit civils ont été remis à Moscou."
    )
    claims = extract(text, "fr")
    assert claims[-1].sources[0].source == "Russian Ministry of Defence"


def test_a_role_without_a_country_takes_the_country_just_quoted(extract):
    text = (
        "Kiev a affirmé avoir abattu 21 drones. "
        "L'armée de l'air a précisé que deux missiles avaient été détruits."
    )
    claims = extract(text, "fr")
    assert claims[-1].sources[0].source == "Ukrainian Air Force"


def test_a_source_in_a_chain_has_its_own_cue(extract):
    text = "Yonhap, citing the NIS, reported that 1,500 troops had left."
    claim = extract(text, "en")[0]
    nis = next(m for m in claim.sources if m.source == "NIS")
    assert text[nis.cue[0] : nis.cue[1]] == "citing"
    yonhap = next(m for m in claim.sources if m.source == "Yonhap")
    assert yonhap.cue is None  # the clause's verb, `reported`
    text = '"The weapon is ready," the agency quoted Kim Jong Un as saying.'
    claim = extract(text, "en")[0]
    kim = next(m for m in claim.sources if m.source == "Kim Jong-un")
    assert text[kim.cue[0] : kim.cue[1]] == "as saying"
    assert claim.to_dict()["sources"][0]["cue"] == list(kim.cue)


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        ("Zaporizhzhia shelling that cut the power line 'irresponsible' -IAEA\nThe line was cut.",
         "-", "IAEA", "Zaporizhzhia shelling that cut the power line 'irresponsible"),
        ("Gaza Strip death toll from Israeli strikes rises to 65 - Health Ministry\nText.",
         "-", "Health Ministry", "Gaza Strip death toll from Israeli strikes rises to 65"),
        ("N. Korean troops already in combat: spy agency\nText.",
         ":", "spy agency", "N. Korean troops already in combat"),
    ],
)
def test_a_headline_closed_by_its_source(extract, text, cue, source, content):
    claim = extract(text, "en")[0]
    assert (claim.cue.text, claim.sources[0].mention, claim.content.text) == (cue, source, content)


@pytest.mark.parametrize(
    "text",
    [
        "Russie : Rencontre prévue entre Kim Jong-Un et Poutine\nLe dirigeant est parti.",
        "Smoke rises over the city after the strike. Image Credit: Reuters\nText.",
        "Publié le 27/12/2025 14:01 - Mis à jour le 27/12/2025\nText.",
    ],
)
def test_a_hyphenated_name_or_a_credit_is_no_headline_source(extract, text):
    assert extract(text) == []


def test_a_clause_subject_right_after_the_verb_starts_the_content(extract):
    text = "Ukraine says it downed 58 of the 59 drones that Russia launched overnight."
    claim = extract(text, "en")[0]
    assert claim.content.text == "it downed 58 of the 59 drones that Russia launched overnight"


@pytest.mark.parametrize(
    "text",
    [
        "Prigozhin has, however, prematurely claimed successes before.",
        "Often described as Putin's private army, Wagner has been used in many countries.",
        "The remaining 5% plays no role in the so-called development of success.",
        "M. Lai s’était engagé à « résister à l’annexion » chinoise de l’île.",
    ],
)
def test_adverbs_epithets_and_pledges_make_no_claim(extract, text):
    assert extract(text) == []


def test_french_reflexive_complaints_are_cues(extract):
    text = "Evguéni Prigojine s’est de nouveau plaint dimanche d’un manque de munitions."
    claim = extract(text, "fr")[0]
    assert claim.cue.text == "s’est de nouveau plaint"
    assert claim.sources[0].source == "Yevgeny Prigozhin"


def test_a_quotation_before_a_relay_frame_is_the_content(extract):
    text = (
        '"The shelling is tremendously irresponsible," the International Atomic Energy '
        "Agency quoted its chief Rafael Grossi as saying, confirming the plant relies on diesel."
    )
    claim = extract(text, "en")[0]
    assert claim.content.text.startswith("The shelling is tremendously irresponsible")
    text = '"As many as 65 people have been killed," the daily reported quoting the ministry as saying.'
    claim = extract(text, "en")[0]
    assert claim.content.text.startswith("As many as 65 people have been killed")
    ministry = next(m for m in claim.sources if m.position == 0)
    assert ministry.mention == "the ministry"
    assert text[ministry.cue[0] : ministry.cue[1]] == "as saying"


def test_a_title_and_name_in_apposition_are_one_mention(extract):
    text = (
        "Le gouverneur de la région de Zaporizhzhia, Evgeny Balitski, a déclaré que la "
        "centrale serait reconnectée au réseau russe."
    )
    claim = extract(text, "fr")[0]
    assert claim.sources[0].mention == "Le gouverneur de la région de Zaporizhzhia, Evgeny Balitski"
    assert claim.content.text == "la centrale serait reconnectée au réseau russe"


def test_an_adverb_before_selon_keeps_the_content_after(extract):
    text = "Toujours selon le ministère russe de la Défense, huit civils ont été remis à Moscou."
    claim = extract(text, "fr")[0]
    assert claim.content.text == "huit civils ont été remis à Moscou"


def test_page_furniture_is_neither_content_nor_speaker(extract):
    text = " date 2024-02 21 février (Reuters) - La Russie a lancé 19 drones, a déclaré l'armée de l'air ukrainienne."
    claim = extract(text, "fr")[0]
    assert claim.content.text == "La Russie a lancé 19 drones"
    text = " date 2023-06 Pyongyang avait annoncé lundi un projet de lancement."
    claim = extract(text, "fr")[0]
    assert claim.sources[0].mention == "Pyongyang"


def test_a_capitals_dateline_and_a_time_after_the_subject_are_left_out(extract):
    claim = extract("KYIV, Ukraine — Ukraine says its air defenses shot down 58 drones.", "en")[0]
    assert claim.sources[0].mention == "Ukraine"
    claim = extract("Chinese officials on Friday said that the balloon is a civilian airship.", "en")[0]
    assert claim.sources[0].mention == "Chinese officials"


def test_a_vow_is_no_claim(extract):
    text = "SEOUL, South Korea (AP) — The powerful sister of Kim Jong Un vowed Sunday to respond."
    assert extract(text, "en") == []


@pytest.mark.parametrize(
    ("text", "mention", "content"),
    [
        ("Lors de l'ouverture du Conseil à Vienne, son directeur général, Rafael Mariano Grossi, "
         "a déclaré qu'aucun réacteur ne pouvait être redémarré.",
         "son directeur général, Rafael Mariano Grossi",
         "aucun réacteur ne pouvait être redémarré"),
        ("Le patron de Wagner, Evguéni Prigojine, dont les hommes sont en première ligne, "
         "s’est de nouveau plaint d’un manque de munitions.",
         "Le patron de Wagner, Evguéni Prigojine", "d’un manque de munitions"),
    ],
)
def test_the_subject_before_several_comma_segments(extract, text, mention, content):
    claim = extract(text, "fr")[0]
    assert claim.sources[0].mention == mention
    assert claim.content.text == content


def test_an_inverted_cue_relayed_by_a_second_one_is_a_chain(extract):
    text = (
        "L’opérateur Energoatom a accusé la Russie. «Une puissante explosion s’est produite "
        "à 300 mètres des réacteurs», a-t-il précisé, rapporte l’AFP."
    )
    claim = extract(text, "fr")[-1]
    assert claim.cue.text == "a-t-il précisé"
    assert claim.content.text == "Une puissante explosion s’est produite à 300 mètres des réacteurs"
    afp = next(m for m in claim.sources if m.position == 1)
    assert afp.source == "AFP" and text[afp.cue[0] : afp.cue[1]] == "rapporte"


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("La Russie dit avoir abattu 21 drones ukrainiens.", 1),
        ("La guerre continuera, dit le ministre.", 1),
        ("Le général, dit le Renard, est parti.", 0),
        ("Le groupe État islamique, dit Daech, a revendiqué l'attaque.", 0),
    ],
)
def test_dit_without_auxiliary(extract, text, claims):
    assert len(extract(text, "fr")) == claims


def test_a_coordinated_subject_takes_a_plural_verb(extract):
    claim = extract("Russia and Ukraine announce successful prisoner exchange\n\nText.", "en")[0]
    assert [m.source for m in claim.sources] == ["Kremlin", "Ukrainian government"]
    assert claim.content.text == "successful prisoner exchange"
    assert extract("They will announce the results tomorrow.", "en") == []


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The Pentagon offered a lower estimate of 8,000 troops.",
         "offered a lower estimate of", "8,000 troops"),
        ("The NIS put the toll at 300 dead.", "put the toll at", "300 dead"),
    ],
)
def test_light_verb_estimates_are_cues(extract, text, cue, content):
    claim = extract(text, "en")[0]
    assert (claim.cue.text, claim.content.text) == (cue, content)


def test_nothing_but_a_light_verb_is_no_cue(extract):
    assert extract("He put the book on the table.", "en") == []


def test_a_verdict_first_judges_the_object_after_it(extract):
    text = "Le Kremlin a qualifié de « fausses » les informations selon lesquelles des soldats sont morts."
    claim = extract(text, "fr")[0]
    assert claim.content.text == "les informations selon lesquelles des soldats sont morts"


def test_quoted_as_saying_by_a_relay(extract):
    text = '"The fighters will be preserved," he was quoted as saying on Sunday by Russian state media.'
    claim = extract(text, "en")[0]
    relay = next(m for m in claim.sources if m.position == 1)
    assert relay.mention == "Russian state media"
    assert text[relay.cue[0] : relay.cue[1]] == "was quoted"


def test_a_pronoun_before_any_named_speaker_is_the_next_person_named(extract):
    text = (
        "Wagner forces, he said, had no ammunition near the city, under Russian siege. "
        '"We will start withdrawing units," he said. '
        "Yevgeny Prigozhin said his forces would keep fighting."
    )
    assert [c.sources[0].source for c in extract(text, "en")] == ["Yevgeny Prigozhin"] * 3


def test_a_surname_in_the_reported_content_is_a_name_not_any_alias_word(extract):
    text = "The Korean Central News Agency said Kim had visited a navy unit. He stressed that it mattered."
    assert extract(text, "en")[-1].sources[0].source == "Kim Jong-un"


def test_the_ministry_is_the_ministry_just_quoted_not_the_government(extract):
    text = (
        "Le ministère taïwanais de la Défense a déclaré que 28 avions ont été détectés. "
        "Selon les autorités, 20 appareils ont franchi la ligne médiane. "
        "Le ministère a également déclaré que Pékin mène des exercices."
    )
    assert extract(text, "fr")[-1].sources[0].source == "Taiwan MND"


def test_a_name_after_an_inverted_title_joins_it_before_a_relay(extract):
    text = (
        "«La situation devient imprévisible», a averti le chef de l’Agence, Rafael Grossi, "
        "cité dans un communiqué de l’AIEA."
    )
    claim = extract(text, "fr")[0]
    assert claim.sources[0].mention == "le chef de l’Agence, Rafael Grossi"
    assert claim.sources[0].source == "Rafael Grossi"


def test_a_state_act_relayed_by_an_agency_is_a_chain(extract):
    text = "La Corée du Nord a confirmé qu'elle avait procédé à un tir, a rapporté mardi l'agence officielle KCNA."
    claim = extract(text, "fr")[0]
    assert [(m.source, m.position) for m in claim.sources] == [
        ("North Korean government", 0), ("KCNA", 1)
    ]
    assert claim.content.text == "elle avait procédé à un tir"


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("“The Chinese side regrets the unintended entry,” the statement read.", 1),
        ("The statement reads: “We will respond.”", 1),
        ("The report read like a novel.", 0),
    ],
)
def test_a_document_that_reads(extract, text, claims):
    assert len(extract(text, "en")) == claims
