"""Shared helpers for the ingest tests (plain Python: no database, no Django settings)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INGEST_FIXTURES = FIXTURES / "ingest"
SEED = FIXTURES / "seed" / "000_19e94b5d51f8bfbe.txt"
