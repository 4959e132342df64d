"""Whatever the input, the parse is consistent: offsets match the text, nothing raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest import parse_article

LINES = st.sampled_from([
    "Partager", "Publicité", "Lire aussi", "Publié le 27/12/2025 14:01", "Par Jean Dupont",
    "Temps de lecture : 2 min", "/2025/12/27/000-87vq9we.jpg)", "Kim Jong-un à Séoul. (AFP)",
    "Séoul n'a pas réagi.", "Sur le même sujet", "© Le Monde 2025", "<p>", "</div>", "",
    "La Corée du Nord a tiré un missile, selon l'armée sud-coréenne.",
    "North Korea fired a missile, the South Korean military said.",
    "Un titre de plusieurs mots sans point", "Updated 2:07 PM GMT", "12 commentaires",
])  # fmt: skip
PASTE = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=30).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=PASTE, kind=st.sampled_from(["auto", "text", "html"]))
def test_any_input_parses_consistently(raw, kind):
    article = parse_article(raw, kind=kind)
    assert "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs) == article.text
    for para in article.paragraphs:
        assert article.text[para.start : para.end].strip()
    assert (article.published_at is None) or article.published_at.tzinfo is not None
    assert (article.updated_at is None) or article.updated_at.tzinfo is not None
    assert "\x00" not in article.text
    article.to_dict()


@settings(max_examples=100, deadline=None)
@given(sentences=st.lists(
    st.sampled_from([
        "La Corée du Nord a tiré un missile balistique, selon l'état-major sud-coréen.",
        "« Nous répondrons », a déclaré un porte-parole du ministère de la Défense.",
        "Le Kremlin n'a pas commenté.",
        "Séoul n'a pas réagi.",
        "Selon le NIS, 2 000 soldats nord-coréens auraient été tués ou blessés à Koursk.",
    ]),
    min_size=1, max_size=6, unique=True,
))  # fmt: skip
def test_real_sentences_are_never_dropped(sentences):
    raw = "\n".join(["Un titre d'article assez long", "Partager", *sentences, "Les plus lus"])
    article = parse_article(raw, kind="text")
    for sentence in sentences:
        assert article.text.count(sentence) == 1


FURNITURE = [
    "Partager", "Facebook", "Publicité", "Advertisement", "Lire aussi", "Newsletter",
    "/2025/12/27/000-87vq9we.jpg)", "Écouter cet article", "Copier le lien", "Menu",
    "Publié le 27/12/2025 14:01", "Temps de lecture : 2 min", "Par Jean Dupont",
]  # fmt: skip
SENTENCES = [
    "La Corée du Nord a tiré un missile balistique, selon l'état-major sud-coréen.",
    "« Nous répondrons », a déclaré un porte-parole du ministère de la Défense.",
    "Le Kremlin n'a pas commenté.",
    "Selon le NIS, 2 000 soldats nord-coréens auraient été tués ou blessés à Koursk.",
    "North Korea fired a missile into the sea, the Joint Chiefs of Staff said.",
    "Kim Jong-un a reconnu des pertes, a rapporté l'agence officielle KCNA.",
]


@settings(max_examples=150, deadline=None)
@given(
    order=st.permutations(SENTENCES),
    noise=st.lists(st.sampled_from(FURNITURE), min_size=len(SENTENCES), max_size=len(SENTENCES)),
)
def test_sentences_survive_furniture_between_them(order, noise):
    lines = ["Un titre d'article assez long pour être un titre"]
    for sentence, furniture in zip(order, noise, strict=True):
        lines += [furniture, sentence]
    article = parse_article("\n".join(lines), kind="text")
    for sentence in SENTENCES:
        assert article.text.count(sentence) == 1, sentence
    for furniture in set(noise):
        assert furniture not in article.text.split("\n\n")
