"""Benchmark of the extraction core: sentences per second, and pathological inputs.

`python manage.py benchmark extract [--repeat N]` or `python -m articles.benchmarks.extract`.
Plain Python: runs without Django or a database.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from articles.extraction import extract_claims
from articles.extraction.evaluate import starter_registry
from articles.extraction.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def corpus() -> list[tuple[str, str | None]]:
    """(text, language) of the gold sets and the text fixtures."""
    texts: list[tuple[str, str | None]] = []
    for path in sorted((FIXTURES / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts.append((item["text"], item.get("lang")))
    for path in sorted(FIXTURES.rglob("*.txt")):
        texts.append((path.read_text(encoding="utf-8", errors="replace"), None))
    return texts


def pathological() -> dict[str, str]:
    """Inputs that would expose a backtracking pattern or a quadratic scan."""
    sentence = (
        "Pyongyang a envoyé des milliers de soldats, selon les agences de renseignement "
        "sud-coréennes et occidentales, a déclaré M. Kim, citant KCNA "
    )
    return {
        "1 MB single line": (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000],
        "10,000 commas": "Selon Séoul, " + ", ".join(["a déclaré Kim"] * 10_000) + ".",
        "unbalanced quotes": "« Nous vaincrons, a déclaré Kim Jong-un. " * 5_000,
        "mixed scripts": (
            "김정은 위원장은 말했다. Дмитрий Песков заявил, что это ложь. "
            "Kim Jong-un a déclaré que « 조선 » était prêt, selon ТАСС. "
        ) * 2_000,
    }


def run(stdout=None, options: dict | None = None) -> dict:
    """Print and return the figures."""
    out = stdout or sys.stdout
    options = options or {}
    repeat = options.get("repeat") or 5
    registry = starter_registry()
    texts = corpus()
    sentences = sum(len(split_sentences(t)) for t, _ in texts)
    claims = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for text, lang in texts:
            claims += len(extract_claims(text, registry, language=lang))
    elapsed = time.perf_counter() - start
    rate = sentences * repeat / elapsed
    figures: dict = {
        "texts": len(texts),
        "sentences": sentences,
        "repeat": repeat,
        "seconds": round(elapsed, 3),
        "sentences_per_second": round(rate),
        "claims_per_pass": claims // repeat,
        "pathological_seconds": {},
    }
    out.write(
        f"extract: {len(texts)} texts, {sentences} sentences x {repeat} in {elapsed:.3f} s "
        f"= {rate:,.0f} sentences/s (one core), {claims // repeat} claims per pass\n"
    )
    for name, text in pathological().items():
        t0 = time.perf_counter()
        found = extract_claims(text, registry)
        took = time.perf_counter() - t0
        figures["pathological_seconds"][name] = round(took, 3)
        out.write(f"  {name:<18} {len(text):>9,} chars  {took:7.3f} s  {len(found)} claims\n")
    return figures


if __name__ == "__main__":
    run(sys.stdout, {})
