"""What an export covers: the claims filter of the claims page and the API.

The exports read the same `ClaimFilter` (`articles.claim_filter`) as every other
caller, under the name the export code has always used; `articles.exports.records`
then reads `selection.claims()` chunk by chunk (`.iterator(chunk_size=...)`) with
everything an export shows, a few queries per chunk, so exports stream with flat memory.
"""

from __future__ import annotations

from articles.claim_filter import PARAMS, ClaimFilter, ClaimFilterError, resolve_source

Selection = ClaimFilter
SelectionError = ClaimFilterError

CHUNK_SIZE = 2000

__all__ = ["CHUNK_SIZE", "PARAMS", "Selection", "SelectionError", "resolve_source"]
