"""`manage.py benchmark pages` runs, names its database, and leaves the data as it was."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Claim


@pytest.mark.django_db
def test_pages_benchmark_runs_and_rolls_back(registry):
    out = StringIO()
    call_command("benchmark", "pages", size=100, repeat=1, stdout=out)
    text = out.getvalue()
    from django.db import connection

    assert f"Database: {connection.vendor}" in text
    assert "reader, 300 claims: median" in text and "TOO MANY QUERIES" not in text
    assert "claims: q=soldats" in text and "HTTP" not in text
    assert "Rolled back" in text
    assert not Article.objects.exists() and not Claim.objects.exists()
