"""Language of an article, detected offline with py3langid."""

from __future__ import annotations

import re
import threading

# The languages this desk reads, plus the ones its sources write in. Restricting
# py3langid to them avoids confusions a short French text invites (Occitan,
# Walloon, Latin, Luxembourgish) and makes classification faster.
LANGUAGES = ("fr", "en", "ko", "ru", "uk", "de", "es", "it", "pt", "nl", "ja", "zh", "ar", "pl")
# py3langid walks the text byte by byte in Python (about 0.5 ms per 1,000 characters):
# a paragraph decides among the listed languages; an unsure answer gets a longer sample.
SAMPLE_CHARS = 200
LONG_SAMPLE_CHARS = 1500
SURE = 0.95
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5

_NOT_LETTERS = re.compile(r"[\W\d_]+")
_identifier = None
_lock = threading.Lock()


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(list(LANGUAGES))
                _identifier = identifier
    return _identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` ("fr", "en", ...), or "" when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_NOT_LETTERS.sub("", sample[:200])) < MIN_LETTERS:
        return ""
    identifier = _get_identifier()
    code, confidence = identifier.classify(sample)
    if confidence < SURE and len(text) > SAMPLE_CHARS:
        code, confidence = identifier.classify(text[:LONG_SAMPLE_CHARS])
    if confidence < MIN_CONFIDENCE:
        return ""
    return code
