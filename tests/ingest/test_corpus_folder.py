"""`benchmark corpus --folder DIR` scores a folder of real saved pages against their gold bodies."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from articles.benchmarks import corpus
from articles.benchmarks.parse import select_all_text

NODAMAGE = Path(__file__).resolve().parent.parent / "fixtures" / "nodamage"


def test_word_overlap_scores_a_page_as_the_benchmark_does():
    assert corpus.prf("a b c", "a b c") == (1.0, 1.0, 1.0)
    precision, recall, f1 = corpus.prf("a b c d", "a b")
    assert (precision, recall) == (0.5, 1.0) and round(f1, 3) == 0.667
    assert corpus.prf("", "a") == (0.0, 0.0, 0.0)


def test_a_folder_of_saved_pages_is_scored_beside_trafilatura_alone(tmp_path):
    for page in sorted(NODAMAGE.glob("*.html"))[:2]:
        shutil.copy(page, tmp_path / page.name)
        shutil.copy(page.with_suffix(".gold.txt"), tmp_path / f"{page.stem}.gold.txt")
    first = sorted(NODAMAGE.glob("*.html"))[0]
    paste = select_all_text(first.read_text(encoding="utf-8"))
    (tmp_path / f"{first.stem}.paste.txt").write_text(paste, encoding="utf-8")
    (tmp_path / "no_gold.html").write_text("<html><body><p>x</p></body></html>", "utf-8")

    result = corpus.score_folder(tmp_path)
    assert (result["pages"], result["pastes"]) == (2, 1)
    assert result["no_gold"] == ["no_gold.html"]
    assert set(result["scores"]) == {"html", "trafilatura", "paste", "raw paste"}
    gold = (tmp_path / f"{first.stem}.gold.txt").read_text(encoding="utf-8")
    assert result["scores"]["raw paste"] == corpus.prf(paste, gold)

    out = io.StringIO()
    corpus.run(out, {"folder": str(tmp_path), "verbosity": 2})
    text = out.getvalue()
    assert "saved pages: 2 with a gold body, 1 pastes" in text
    assert "trafilatura" in text and "no gold body (not scored): no_gold.html" in text
