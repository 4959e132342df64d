"""Each kind of page furniture is dropped from a paste, and real sentences are not."""

from __future__ import annotations

import pytest

from articles.ingest import parse_article

TITLE = "La Corée du Nord tire un missile balistique en mer de l'Est"
BODY = [
    "La Corée du Nord a tiré samedi un missile balistique en mer de l'Est, a annoncé l'état-major "
    "interarmées sud-coréen, qui a précisé que l'engin avait parcouru environ 800 kilomètres.",
    "Selon le renseignement sud-coréen, Pyongyang chercherait à tester une nouvelle ogive avant "
    "la visite d'une délégation russe prévue la semaine prochaine.",
    "Le Japon a protesté auprès de la Corée du Nord par les canaux diplomatiques habituels, "
    "a déclaré le porte-parole du gouvernement japonais.",
]


def paste(*noise: str, where: str = "middle") -> str:
    """A small article with noise lines inserted at the top, in the middle, or at the bottom."""
    lines = [TITLE, "Publié le 27/12/2025 14:01", BODY[0]]
    if where == "top":
        lines = list(noise) + lines
    if where == "middle":
        lines += list(noise)
    lines += BODY[1:]
    if where == "bottom":
        lines += list(noise)
    return "\n".join(lines)


def check_clean(raw: str, *absent: str):
    article = parse_article(raw, kind="text")
    for sentence in BODY:
        assert article.text.count(sentence) == 1
    for fragment in absent:
        assert fragment not in article.text
    assert article.title == TITLE
    return article


NOISE = {
    "share": ["Partager", "Facebook", "X", "Copier le lien", "Share", "WhatsApp", "Share this article"],
    "navigation": ["Menu", "Rechercher", "Accueil", "Se connecter", "International › Asie-Pacifique"],
    "advertising": ["Publicité", "Advertisement", "Sponsored content"],
    "related": ["Lire aussi : Guerre en Ukraine, ce que l'on sait des soldats nord-coréens",
                "Read more: Kim Jong Un visits missile factory",
                "À lire aussi Kim Jong-un supervise un tir"],
    "audio": ["Écouter cet article", "Listen to this article", "Écouter"],
    "comments": ["45 commentaires", "12 comments", "Réagir (12)"],
    "newsletter": ["Newsletter", "Inscrivez-vous à notre newsletter quotidienne",
                   "Sign up for our morning briefing newsletter"],
    "image file names": ["/2025/12/27/000-87vq9we-694fd7f3ad2fe518671886.jpg)",
                         "https://img.lemde.fr/2025/12/27/0/0/5000/3333/664/0/75/0/1a2b3c4_upload.jpg",
                         "placeholder-36b69ec8.png"],
    "cookie banner": ["Nous utilisons des cookies et des traceurs pour mesurer l'audience et "
                      "personnaliser les publicités. Vous pouvez accepter ou paramétrer vos choix.",
                      "We use cookies to improve your browsing experience. Accept all cookies?"],
}  # fmt: skip


@pytest.mark.parametrize("category", sorted(NOISE))
@pytest.mark.parametrize("where", ["top", "middle", "bottom"])
def test_noise_is_dropped(category, where):
    noise = NOISE[category]
    article = check_clean(paste(*noise, where=where), *[n for n in noise if len(n) > 3])
    dropped = " ".join(d.text for d in article.dropped)
    for line in noise:
        assert line in dropped


def test_footer_and_related_list_after_the_article():
    raw = paste(
        "Sur le même sujet",
        "Corée du Nord : Kim Jong-un inspecte une usine de drones",
        "Russie : Vladimir Poutine remercie les soldats nord-coréens",
        "Mentions légales",
        "© Le Monde 2025",
        "Tous droits réservés.",
        where="bottom",
    )
    check_clean(raw, "usine de drones", "Poutine remercie", "Mentions", "©", "droits")


def test_a_short_real_paragraph_survives_between_paragraphs():
    raw = "\n".join([TITLE, BODY[0], "Séoul n'a pas réagi.", BODY[1]])
    article = parse_article(raw, kind="text")
    assert "Séoul n'a pas réagi." in article.text.split("\n\n")


def test_a_short_last_paragraph_survives():
    raw = "\n".join([TITLE, BODY[0], BODY[1], "Moscou n'a pas commenté.", "Partager", "Les plus lus"])
    article = parse_article(raw, kind="text")
    assert article.text.endswith("Moscou n'a pas commenté.")


def test_a_subhead_between_paragraphs_is_kept():
    raw = "\n".join([TITLE, BODY[0], "Des pertes lourdes", BODY[1]])
    article = parse_article(raw, kind="text")
    assert "Des pertes lourdes" in article.text


def test_repeated_paragraph_kept_once():
    raw = "\n".join([TITLE, BODY[0], BODY[0], BODY[1], BODY[0]])
    article = parse_article(raw, kind="text")
    assert article.text.count(BODY[0]) == 1
    assert [d.reason for d in article.dropped].count("repeated paragraph") == 2


def test_byline_publisher_reading_time_become_metadata():
    raw = "\n".join([
        TITLE,
        "Par Jean Dupont et Anne Martin",
        "Le Figaro avec AFP",
        "Le 27 décembre 2025 à 14h01",
        "Temps de lecture : 3 min",
        *BODY,
    ])  # fmt: skip
    article = parse_article(raw, kind="text")
    assert article.authors == ["Jean Dupont", "Anne Martin"]
    assert article.publisher == "Le Figaro"
    assert article.reading_time_minutes == 3
    assert article.published_at.isoformat() == "2025-12-27T14:01:00+01:00"
    for line in ("Par Jean", "Le Figaro", "décembre 2025 à", "Temps de lecture"):
        assert line not in article.text


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Kim Jong-un à Pyongyang, le 26 décembre 2025. (KCNA VIA KNS / AFP)", "KCNA VIA KNS / AFP"),
        ("Kim Jong-un à Pyongyang, le 26 décembre 2025. (AFP)", "AFP"),
        ("Kim Jong Un at a launch site in an undated photo. Photo: Reuters", "Reuters"),
        ("Kim Jong Un at a launch site in an undated photo. © AFP", "AFP"),
        ("Kim Jong Un at a launch site. Photograph: KCNA/Reuters", "KCNA/Reuters"),
        ("Kim Jong Un at a launch site. (Korean Central News Agency/Korea News Service via AP)",
         "Korean Central News Agency/Korea News Service via AP"),
    ],
)
def test_captions_with_credits(line, credit):
    raw = "\n".join([TITLE, "Publié le 27/12/2025 14:01", line, *BODY])
    article = parse_article(raw, kind="text")
    assert [c.credit for c in article.captions] == [credit]
    assert "Kim Jong" not in article.text.split("\n\n")[0][:10]
    assert line not in article.text


def test_sentence_ending_with_a_parenthesis_is_not_a_caption():
    sentence = "Le ministère a cité le chiffre de 800 km (une portée intermédiaire)."
    raw = "\n".join([TITLE, BODY[0], sentence, BODY[1]])
    article = parse_article(raw, kind="text")
    assert sentence in article.text
    assert article.captions == []


def test_body_sentence_starting_with_par_is_not_a_byline():
    sentence = "Par ailleurs, Séoul a indiqué renforcer sa surveillance."
    raw = "\n".join([TITLE, BODY[0], sentence, BODY[1]])
    article = parse_article(raw, kind="text")
    assert sentence in article.text
    assert article.authors == []


def test_markdown_upload_headings():
    raw = "\n".join(["# " + TITLE, "", BODY[0], "", "## Des pertes lourdes", "", BODY[1]])
    article = parse_article(raw, kind="text")
    assert article.title == TITLE
    assert "Des pertes lourdes" in article.text.split("\n\n")
    assert "#" not in article.text


def test_the_same_line_pasted_thousands_of_times():
    raw = "\n".join([TITLE, *BODY, *(["Partager"] * 20_000), *(["Séoul n'a pas réagi."] * 20_000)])
    article = parse_article(raw, kind="text")
    assert article.text.count("Séoul n'a pas réagi.") == 1
    assert len(article.dropped) >= 39_999
