"""Saved pages and clipboard HTML: text from trafilatura, metadata from the page's own tags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from articles.ingest import parse_article
from articles.ingest.html import strip_tags

PARAS = [
    "La Corée du Nord a envoyé de nouveaux soldats en Russie, a affirmé mardi le renseignement "
    "sud-coréen, qui évoque plusieurs milliers d'hommes acheminés par train vers Koursk.",
    "« Les préparatifs ont commencé en novembre », a déclaré un responsable du NIS cité par "
    "l'agence Yonhap, sans préciser le nombre exact de soldats concernés par ce déploiement.",
    "Le Kremlin n'a pas commenté ces informations, que Pyongyang a qualifiées de mensonges "
    "dans un communiqué publié par l'agence officielle KCNA mercredi matin.",
]


def page(head: str = "", before: str = "", after: str = "", lang: str = "fr") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"<nav><a href='/'>Accueil</a><a href='/monde'>Monde</a></nav><main><article>{before}"
        f"{body}{after}</article></main><footer>Mentions légales</footer></body></html>"
    )


def test_json_ld_graph_gives_title_dates_authors_publisher():
    head = """<title>Ignored - Site</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Site"},
      {"@type": ["NewsArticle"], "headline": "Pyongyang envoie de nouvelles troupes",
       "datePublished": "2025-12-30T08:00:00+01:00", "dateModified": "2025-12-30T09:30:00+01:00",
       "author": [{"@type": "Person", "name": "Anne Martin"}, {"@type": "Person", "name": "Paul Kim"}],
       "publisher": {"@type": "Organization", "name": "Le Journal"}}]}
    </script>"""
    article = parse_article(page(head))
    assert article.input_format == "html"
    assert article.title == "Pyongyang envoie de nouvelles troupes"
    assert article.authors == ["Anne Martin", "Paul Kim"]
    assert article.publisher == "Le Journal"
    assert article.published_at == datetime(2025, 12, 30, 7, 0, tzinfo=UTC)
    assert article.updated_at == datetime(2025, 12, 30, 8, 30, tzinfo=UTC)
    assert article.language == "fr"
    for para in PARAS:
        assert article.text.count(para) == 1
    assert "Accueil" not in article.text and "Mentions légales" not in article.text


def test_opengraph_and_meta_tags_when_there_is_no_json_ld():
    head = """<meta property="og:title" content="Séoul: nouvelles troupes nord-coréennes en Russie">
    <meta property="og:site_name" content="Le Quotidien">
    <meta property="article:published_time" content="2025-12-30T10:00:00Z">
    <meta name="author" content="Jean Dupont">
    <link rel="canonical" href="https://example.org/monde/troupes">"""
    article = parse_article(page(head), url="https://example.org/monde/troupes?utm=x")
    assert article.title == "Séoul: nouvelles troupes nord-coréennes en Russie"
    assert article.publisher == "Le Quotidien"
    assert article.authors == ["Jean Dupont"]
    assert article.published_at == datetime(2025, 12, 30, 10, 0, tzinfo=UTC)
    assert article.canonical_url == "https://example.org/monde/troupes"
    assert article.url == "https://example.org/monde/troupes?utm=x"


def test_h1_is_the_title_and_the_title_tag_suffix_is_not():
    article = parse_article(page("<title>Le titre exact - Le Monde</title>"))
    assert article.title == "Le titre exact"
    article = parse_article(page("<title>x</title>", before="<h1>Le titre visible</h1>"))
    assert article.title == "Le titre visible"
    assert "Le titre visible" not in article.text


def test_figcaption_with_credit_element_and_with_parenthesised_credit():
    figures = (
        '<figure><img src="a.jpg"><figcaption>Kim Jong-un à Pyongyang, le 29 décembre 2025. '
        '<span class="credit">KCNA VIA KNS / AFP</span></figcaption></figure>'
        '<figure><img src="b.jpg"><figcaption>Des soldats russes près de Koursk. (AFP)</figcaption>'
        "</figure>"
    )
    article = parse_article(page(before=figures))
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Kim Jong-un à Pyongyang, le 29 décembre 2025.", "KCNA VIA KNS / AFP"),
        ("Des soldats russes près de Koursk.", "AFP"),
    ]
    assert "KCNA VIA KNS" not in article.text and "Des soldats russes près" not in article.text


def test_captions_of_related_teasers_are_not_the_articles():
    aside = '<aside><figure><img src="t.jpg"><figcaption>Autre sujet (AFP)</figcaption></figure></aside>'
    article = parse_article(page(after=aside))
    assert article.captions == []


def test_standfirst_is_the_lead_and_is_in_the_text_once():
    standfirst = (
        '<p class="article__desc">Le renseignement sud-coréen fait état d\'un nouveau '
        "contingent nord-coréen en route vers la région russe de Koursk.</p>"
    )
    article = parse_article(page(before=standfirst))
    assert article.lead.startswith("Le renseignement sud-coréen fait état")
    assert article.text.count("Le renseignement sud-coréen fait état") == 1


def test_without_standfirst_the_lead_is_the_first_paragraph():
    assert parse_article(page()).lead == PARAS[0]


def test_date_printed_in_the_page_when_metadata_has_none():
    before = "<p class='date'>Publié le 30/12/2025 à 11h20</p>"
    article = parse_article(page(before=before))
    assert article.published_at == datetime(2025, 12, 30, 11, 20, tzinfo=timezone(timedelta(hours=1)))
    assert "Publié le" not in article.text


def test_unparseable_metadata_date_falls_back_to_the_time_element():
    head = '<meta name="date" content="nothing here">'
    before = '<time datetime="2025-12-30">30 décembre</time>'
    article = parse_article(page(head, before=before))
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2025-12-30"


def test_htmldate_when_neither_metadata_nor_text_has_a_date():
    url = "https://example.org/monde/2025/12/30/troupes-nord-coreennes.html"
    article = parse_article(page(f'<link rel="canonical" href="{url}">'), url=url)
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2025-12-30"


def test_clipboard_fragment_without_head():
    raw = "<meta charset='utf-8'>" + "".join(f"<p>{p}</p>" for p in PARAS)
    article = parse_article(raw)
    assert article.input_format == "html"
    for para in PARAS:
        assert para in article.text
    assert article.language == "fr"


def test_english_page_with_wrong_lang_attribute_is_detected_as_english():
    english = [
        "North Korea has sent more troops to Russia, South Korea's spy agency said on Tuesday, "
        "citing intelligence that several thousand soldiers had been moved by train.",
        '"Preparations began in November," an NIS official told lawmakers, according to Yonhap.',
    ]
    raw = '<html lang="fr"><body><article>' + "".join(f"<p>{p}</p>" for p in english)
    article = parse_article(raw + "</article></body></html>")
    assert article.language == "en"


def test_strip_tags_is_linear_and_skips_scripts():
    assert strip_tags("<p>a</p><script>x<y</script><style>z</style>b &amp; c").split() == [
        "a", "b", "&", "c",
    ]
    assert strip_tags("<p>" * 100_000 + "texte").strip() == "texte"
    assert strip_tags("text <unclosed tag").strip() == "text"
