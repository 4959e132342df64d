"""Claim and article search: accents, hyphens and spellings do not count, on both databases;
the stored search vector (PostgreSQL) and folded text (both) follow every write; counts are
capped; the claims page and the exports find the same claims."""

from __future__ import annotations

import pytest
from django.db import connection

from articles import search
from articles.claim_filter import ClaimFilter
from articles.exports import Selection
from articles.models import Article, Claim, ClaimStatus
from articles.selectors import ArticleFilters, CappedPaginator, search_articles
from articles.textnorm import fold_for_search
from tests.factories import ArticleFactory, ClaimFactory, SourceAliasFactory, SourceFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored search vector exists on PostgreSQL only"
)


def claim(text: str, **fields) -> Claim:
    article = ArticleFactory(text=text, title="Dépêche")
    return ClaimFactory(article=article, end=len(text), **fields)


def found(q: str, **filters) -> set[int]:
    return set(ClaimFilter(query=q, **filters).sorted().values_list("pk", flat=True))


def test_folding_drops_case_accents_hyphens_and_punctuation():
    assert fold_for_search("Les soldats nord-coréens, à Koursk (Corée).") == (
        " les soldats nord coreens a koursk coree "
    )
    assert fold_for_search("") == ""


def test_a_query_is_read_as_words_phrases_exclusions_and_alternatives():
    query = search.parse_query('drones "mer Noire" -Crimée or missiles', variants=False)
    first, second = query.alternatives
    assert [t.spellings for t in first] == [(("drones",),), (("mer", "noire"),), (("crimee",),)]
    assert [(t.phrase, t.negated) for t in first] == [(False, False), (True, False), (False, True)]
    assert [t.spellings for t in second] == [(("missiles",),)]
    assert not search.parse_query("  -seulement ", variants=False)  # only an exclusion


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("nord-coreens", "Des soldats nord-coréens ont été vus, selon l'agence."),
        ("Coree", "La Corée a tiré un missile, selon l'agence."),
        ("Kim Jong Un", "Kim Jong-un a inspecté l'usine, selon KCNA."),
        ("NORD COREENS", "Des soldats nord-coréens ont été vus, selon l'agence."),
        ("kim jong-un", "Kim Jong-un a inspecté l'usine, selon KCNA."),
    ],
)
def test_accents_hyphens_and_case_do_not_count(typed, written):
    wanted = claim(written)
    claim("Les exportations de pétrole ont baissé, estime le ministère.")
    assert found(typed) == {wanted.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Koursk", "Troops were killed in the Kursk region, the ministry said."),
        ("Kursk", "Des soldats ont été tués dans la région de Koursk, selon Kyiv."),
        ("Séoul", "Seoul said the launch was a provocation."),
        ("Seoul", "Séoul a dénoncé une provocation, selon Yonhap."),
        ("Corée du Nord", "North Korea fired a missile, the agency said."),
        ("North Korea", "La Corée du Nord a tiré un missile, selon l'agence."),
    ],
)
def test_gazetteer_spellings_find_each_other(typed, written):
    wanted = claim(written)
    claim("Les exportations de pétrole ont baissé, estime le ministère.")
    assert found(typed) == {wanted.pk}


@pytest.mark.django_db
def test_registry_aliases_find_the_other_names_of_a_source():
    kcna = SourceFactory(name="KCNA")
    SourceAliasFactory(source=kcna, alias="Korean Central News Agency", language="en")
    SourceAliasFactory(source=kcna, alias="agence centrale de presse nord-coréenne", language="fr")
    by_alias = claim("The Korean Central News Agency said the test succeeded.")
    by_french = claim("Selon l'agence centrale de presse nord-coréenne, le tir a réussi.")
    by_name = claim("KCNA said the test succeeded.")
    claim("Yonhap said the test failed.")
    assert found("KCNA") == {by_alias.pk, by_french.pk, by_name.pk}
    assert found("Korean Central News Agency") == {by_alias.pk, by_french.pk, by_name.pk}


@pytest.mark.django_db
def test_an_ambiguous_alias_stands_for_itself_only():
    kim = SourceFactory(name="Kim Jong-un")
    SourceAliasFactory(source=kim, alias="Kim", language="")
    SourceAliasFactory(source=kim, alias="le dirigeant nord-coréen", language="fr")
    named = claim("Kim a inspecté l'usine, selon KCNA.")
    sister = claim("Kim Yo-jong a menacé Séoul, selon KCNA.")
    leader = claim("Le dirigeant nord-coréen a inspecté l'usine, selon KCNA.")
    assert found("Kim") == {named.pk, sister.pk}
    assert found("Kim Jong Un") == {leader.pk}  # the full name brings its aliases


@pytest.mark.django_db
def test_a_variant_does_not_loosen_the_other_words():
    both = claim("Soldiers were killed near Kursk, the ministry said.")
    claim("Drones were shot down near Kursk, the ministry said.")
    assert found("killed Koursk") == {both.pk}


@pytest.mark.django_db
def test_phrases_exclusions_and_alternatives():
    sea = claim("Un missile est tombé en mer de l'Est, selon Séoul.")
    black_sea = claim("Un drone est tombé en mer Noire, selon Kyiv.")
    claim("La mer était calme, selon le port; un drone noir a été vu.")
    assert found('"mer noire"') == {black_sea.pk}
    assert found("tombé -missile") == {black_sea.pk}
    assert found("missile or \"mer noire\"") == {sea.pk, black_sea.pk}


@pytest.mark.django_db
def test_article_search_is_accent_insensitive_too():
    wanted = ArticleFactory(title="Corée: essai de missile", text="Les nord-coréens ont tiré.")
    ArticleFactory(title="Pétrole", text="Les exportations ont baissé.")
    result = set(search_articles(ArticleFilters(q="coree nord-coreens")).values_list("pk", flat=True))
    assert result == {wanted.pk}


@pytest.mark.django_db
def test_folded_text_follows_every_write():
    article = ArticleFactory(title="Séoul", text="Des soldats nord-coréens. Puis la Corée.")
    first = ClaimFactory(article=article, end=25)
    assert first.search_text == " des soldats nord coreens "
    first.quote = "Puis la Corée."
    first.save(update_fields=["quote"])
    assert Claim.objects.get(pk=first.pk).search_text == " puis la coree "
    Claim.objects.bulk_create(
        [Claim(article=article, start=0, end=5, quote="Kim Jong-un", status=ClaimStatus.default())]
    )
    assert Claim.objects.get(article=article, quote="Kim Jong-un").search_text == " kim jong un "
    Claim.objects.filter(quote="Kim Jong-un").update(quote="Koursk, dit-il")
    assert Claim.objects.get(quote="Koursk, dit-il").search_text == " koursk dit il "
    claims = list(Claim.objects.filter(article=article))
    for c in claims:
        c.quote = "Édition"
    Claim.objects.bulk_update(claims, ["quote"])
    assert set(Claim.objects.filter(article=article).values_list("search_text", flat=True)) == {
        " edition "
    }
    article.title = "Pyongyang"
    article.save()
    assert Article.objects.get(pk=article.pk).search_text.startswith(" pyongyang des soldats")


def _vector(model, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT search_vector::text FROM {model._meta.db_table} WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db
def test_the_stored_vector_is_kept_on_insert_and_on_a_change_of_quote():
    made = claim("Des soldats nord-coréens ont été tués, selon Kyiv.")
    vector = _vector(Claim, made.pk)
    assert "'soldat'" in vector and "'coreen'" in vector and "'tues'" not in vector
    Claim.objects.filter(pk=made.pk).update(status=ClaimStatus.objects.create(slug="x", name="X"))
    assert _vector(Claim, made.pk) == vector  # nothing searched changed
    made.refresh_from_db()
    made.quote = "Des missiles ont été tirés."
    made.save()
    changed = _vector(Claim, made.pk)
    assert "'missil'" in changed and "'soldat'" not in changed
    assert found("missiles") == {made.pk} and found("soldats") == set()
    article_vector = _vector(Article, made.article_id)
    assert "'depech'" in article_vector  # the title, French stem, no accent


@postgresql_only
@pytest.mark.django_db
def test_search_reads_the_stored_vector_not_a_recomputed_one():
    sql = str(ClaimFilter(query="soldats").sorted().query)
    assert ".\"search_vector\" @@" in sql
    assert "to_tsvector" not in sql


@postgresql_only
@pytest.mark.django_db
def test_relevance_puts_the_better_match_first():
    once = claim("Un soldat a été vu près de la frontière, selon Séoul, hier soir, au loin.")
    twice = claim("Soldats, soldats: des soldats partout, selon Séoul.")
    ranked = list(
        ClaimFilter(query="soldats", sort="relevance").sorted().values_list("pk", flat=True)
    )
    assert ranked == [twice.pk, once.pk]


@pytest.mark.django_db
def test_relevance_without_search_text_is_newest_first():
    claim("Un soldat a été vu.")
    assert list(ClaimFilter(sort="relevance").sorted()) == list(
        ClaimFilter(sort="newest").sorted()
    )


@pytest.mark.django_db
def test_counts_stop_at_the_cap(monkeypatch):
    for n in range(5):
        claim(f"Des soldats, lot {n}, selon l'agence.")
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(ClaimFilter(query="soldat").sorted(), 2)
    assert paginator.count == 3 and paginator.capped
    exact = CappedPaginator(ClaimFilter(query="lot 4").sorted(), 2)
    assert exact.count == 1 and not exact.capped


@pytest.mark.django_db
def test_the_claims_page_says_how_search_reads_words(researcher_client, monkeypatch):
    for n in range(4):
        claim(f"Des soldats nord-coréens, lot {n}, selon l'agence.")
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    page = researcher_client.get("/claims/", {"q": "nord-coreens"}).content.decode()
    assert "simple search" not in page
    assert "Capitals, accents and hyphens do not matter" in page
    assert "More than 2 claims" in page


QUERIES = ["soldats", "Koursk", "nord-coreens", "Kim Jong Un", '"mer noire"', "drone -missile"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", QUERIES)
def test_the_claims_page_and_the_exports_find_the_same_claims(q):
    texts = [
        "Des soldats nord-coréens ont été tués à Kursk, selon Kyiv.",
        "Kim Jong-un a inspecté des missiles, selon KCNA.",
        "Un drone est tombé en mer Noire, selon Kyiv.",
        "Un drone et un missile, selon Séoul.",
        "Troops were killed in Koursk, the ministry said.",
    ]
    for text in texts:
        claim(text)
    rejected = claim("Des soldats à Koursk, rejeté.", is_rejected=True)
    page = set(ClaimFilter.from_params({"q": q}).sorted().values_list("pk", flat=True))
    export = set(Selection.from_params({"q": q}).claims().values_list("pk", flat=True))
    assert page == export
    assert page  # every query here finds something
    assert rejected.pk not in page
    rejected_page = set(
        ClaimFilter.from_params({"q": q, "rejected": "1"}).sorted().values_list("pk", flat=True)
    )
    rejected_export = set(
        Selection.from_params({"q": q, "rejected": "1"}).claims().values_list("pk", flat=True)
    )
    assert rejected_page == rejected_export


@pytest.mark.django_db
def test_the_article_list_caps_its_count_and_lists_outlets(researcher_client, monkeypatch):
    afp = SourceFactory(name="AFP")
    ArticleFactory(publisher=afp, publisher_name="AFP")
    ArticleFactory(publisher_name="Le Monde")
    ArticleFactory(publisher_name="")
    ArticleFactory(publisher_name="Le Monde")
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    page = researcher_client.get("/").content.decode()
    assert "More than 2 articles" in page
    from articles.selectors import article_outlets

    assert article_outlets() == [(afp.slug, "AFP"), ("Le Monde", "Le Monde")]
