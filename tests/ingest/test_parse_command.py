"""`manage.py parse` and the parse benchmark: thin shells around the core (no database)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.ingest.paths import INGEST_FIXTURES, SEED


def run_parse(*args, stdin: bytes | None = None, monkeypatch=None) -> dict:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    call_command("parse", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_parse_a_file():
    data = run_parse(str(SEED))
    assert data["title"].startswith("Kim Jong-un loue")
    assert data["published_at"] == "2025-12-27T14:01:00+01:00"
    assert "Pyongyang a envoyé des milliers de soldats" in data["text"]
    assert data["captions"][0]["credit"] == "KCNA VIA KNS / AFP"


def test_parse_windows_1252_from_stdin(monkeypatch):
    raw = SEED.read_text(encoding="utf-8").encode("cp1252")
    data = run_parse("-", "--kind", "text", stdin=raw, monkeypatch=monkeypatch)
    assert data["title"] == 'Kim Jong-un loue "le sang" versé aux côtés des Russes en Ukraine'
    assert data["publisher"] == "France Télévisions"


def test_parse_html_with_url():
    page = INGEST_FIXTURES / "france24_prisonniers.html"
    data = run_parse(str(page), "--url", "https://www.france24.com/fr/x", "--kind", "auto")
    assert data["input_format"] == "html"
    assert data["url"] == "https://www.france24.com/fr/x"
    assert "Kiev" in data["title"]


def test_binary_and_missing_files_are_refused(tmp_path):
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(CommandError, match="binary"):
        call_command("parse", str(png), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("parse", str(tmp_path / "missing.txt"), stdout=io.StringIO())


def test_benchmark_prints_its_figures():
    from articles.benchmarks import parse as benchmark

    out = io.StringIO()
    benchmark.run(out, {"repeat": 1, "full_size": False})
    report = out.getvalue()
    assert "pasted text:" in report and "articles/s" in report
    assert "HTML vs trafilatura.extract alone:" in report
