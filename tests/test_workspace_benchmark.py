"""`manage.py benchmark pages` and `benchmark export` run, name their database, print p50/p95
(and the COPY comparison on PostgreSQL); on SQLite the pages benchmark leaves the data as
it was, on PostgreSQL it keeps its COPY-generated data for the next run."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Claim


@pytest.mark.django_db
def test_pages_benchmark_runs(registry):
    out = StringIO()
    call_command("benchmark", "pages", size=100, repeat=1, stdout=out)
    text = out.getvalue()
    assert f"Database: {connection.vendor}" in text
    assert "reader, 300 claims: p50" in text and "TOO MANY QUERIES" not in text
    assert "claims: q=soldats" in text and "HTTP" not in text
    assert "claims: source=kcna: p50" in text and "article list: p50" in text
    assert "my queue, 500 assignments: p50" in text and "inbox: p50" in text
    assert "alerts: 50 new claims against 1,000 saved searches" in text
    if connection.vendor == "postgresql":
        assert "with COPY" in text and "ANALYZE in" in text
        corpus = Claim.objects.filter(article__content_hash__startswith="bench-pages-corpus-")
        assert corpus.count() == 100
        again = StringIO()
        call_command("benchmark", "pages", size=100, repeat=1, stdout=again)
        assert "Reusing 100 benchmark claims" in again.getvalue()
        assert corpus.count() == 100
    else:
        assert "Rolled back" in text
        assert not Article.objects.exists() and not Claim.objects.exists()


@pytest.mark.django_db
def test_export_benchmark_runs():
    out = StringIO()
    call_command("benchmark", "export", size=50, stdout=out)
    text = out.getvalue()
    assert "exporting 50 claims" in text and "csv: 50 rows" in text
    assert Claim.objects.filter(article__content_hash__startswith="bench-export-").count() == 50
    if connection.vendor == "postgresql":
        assert "PostgreSQL COPY TO STDOUT CSV, same columns" in text
        assert "export speed / COPY speed = " in text


@pytest.mark.parametrize(
    "model_name, columns",
    [
        ("Article", "ARTICLE_COLUMNS"),
        ("Claim", "CLAIM_COLUMNS"),
        ("ClaimKey", "CLAIMKEY_COLUMNS"),
        ("MatchSuggestion", "SUGGESTION_COLUMNS"),
    ],
)
def test_copy_rows_name_every_required_column(model_name, columns):
    """COPY gives an unnamed column NULL (Django keeps defaults in Python, not in the table):
    every NOT NULL column of the loaded tables must be named and given a value."""
    from articles import models
    from articles.benchmarks import bulkcopy

    named = set(getattr(bulkcopy, columns))
    required = {
        field.column
        for field in getattr(models, model_name)._meta.concrete_fields
        if not field.null and not field.primary_key
    }
    assert required <= named, sorted(required - named)
