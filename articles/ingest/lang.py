"""Language of an article, detected offline with py3langid."""

from __future__ import annotations

import threading

# The languages this desk reads, plus the ones its sources write in. Restricting
# py3langid to them avoids confusions a short French text invites (Occitan,
# Walloon, Latin, Luxembourgish) and makes classification faster.
LANGUAGES = ("fr", "en", "ko", "ru", "uk", "de", "es", "it", "pt", "nl", "ja", "zh", "ar", "pl")
SAMPLE_CHARS = 3000  # the first few paragraphs decide; longer texts only cost time
MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5

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
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return ""
    code, confidence = _get_identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return ""
    return code
