"""Fuzzing the decoder: every text in the desk's encodings comes back as it was written.

Declared or carrying a byte-order mark, any text the encoding can hold
round-trips. Undeclared, UTF-8 always does, and French or English in
Windows-1252 / ISO-8859-1 does (the guess this desk needs most). UTF-8 with a
few bad bytes is read as UTF-8 with each bad byte replaced and counted.
"""

from __future__ import annotations

import codecs
from functools import cache

from hypothesis import assume, given
from hypothesis import strategies as st

from articles.ingest.decode import decode_bytes, decode_text
from tests.fuzz import fuzz

# The encodings the desk's sources write in: Western Europe, Cyrillic, Korean, Japanese, Chinese.
DESK_ENCODINGS = [
    "utf-8", "cp1252", "iso-8859-1", "iso-8859-15", "cp1251", "koi8-r", "koi8-u",
    "iso-8859-5", "euc-kr", "cp949", "shift_jis", "euc-jp", "gb18030", "big5",
]  # fmt: skip


@cache
def alphabet(encoding: str) -> str:
    """The characters `encoding` can write that are text (no C0/C1 controls but tab and LF)."""
    chars = []
    for code in range(0x20, 0x3000 if encoding.startswith(("cp12", "iso", "koi")) else 0xFFFF):
        ch = chr(code)
        if 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            continue
        try:
            ch.encode(encoding)
        except UnicodeEncodeError:
            continue
        chars.append(ch)
    return "".join(chars) + "\t\n"


def texts_in(encoding: str):
    return st.text(st.sampled_from(alphabet(encoding)), min_size=1, max_size=300)


@fuzz(40)
@given(data=st.data(), encoding=st.sampled_from(DESK_ENCODINGS))
def test_declared_encodings_round_trip(data, encoding):
    text = data.draw(texts_in(encoding))
    assume(not text.startswith("\ufeff"))
    assert decode_bytes(text.encode(encoding), declared_charset=encoding) == text


@fuzz(200)
@given(text=st.text(st.characters(codec="utf-8"), max_size=500))
def test_undeclared_utf8_round_trips(text):
    assume(not text.startswith("\ufeff"))
    assume("charset" not in text.lower() and "encoding" not in text.lower())
    decoded = decode_text(text.encode("utf-8"))
    assert decoded.text == text and decoded.replaced == 0


@fuzz(100)
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=300),
    bom=st.sampled_from(["utf-8-sig", "utf-16", "utf-32"]),
)
def test_a_byte_order_mark_wins(text, bom):
    assert decode_bytes(text.encode(bom)) == text


FRENCH = [
    "La présidence française a réagi", "le coût de l'opération reste élevé",
    "a déclaré le ministère", "selon l'état-major sud-coréen", "à Noël",
    "ça a déçu les Français en août", "une leçon reçue", "Séoul n'a pas réagi",
    "le garçon était sûr", "où se trouve la vérité", "même les députés hésitent",
    "la coopération militaire", "un maître de conférences", "naïf et goûté",
    "l'Élysée a confirmé", "les forces armées", "Pyongyang a tiré un missile",
]  # fmt: skip
ENGLISH = [
    "North Korea fired a missile", "the Joint Chiefs of Staff said", "according to Yonhap",
    "Seoul's spy agency told lawmakers", "the Kremlin declined to comment", "on Monday",
]  # fmt: skip
SENTENCES = st.lists(st.sampled_from(FRENCH), min_size=2, max_size=12).map(
    lambda parts: ". ".join(p[:1].upper() + p[1:] for p in parts) + "."
) | st.lists(st.sampled_from([*ENGLISH, "café", "naïve", "résumé"]), min_size=3, max_size=12).map(
    lambda parts: " ".join(parts) + "."
)


@fuzz(150)
@given(text=SENTENCES, encoding=st.sampled_from(["cp1252", "iso-8859-1"]))
def test_undeclared_western_french_and_english_round_trip(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


@fuzz(150)
@given(
    parts=st.lists(st.sampled_from(FRENCH), min_size=4, max_size=12),
    bad=st.lists(st.sampled_from([b"\xff", b"\xfe"]), min_size=1, max_size=2),
    data=st.data(),
)
def test_utf8_with_a_few_bad_bytes_is_still_utf8(parts, bad, data):
    draw = data.draw
    pieces = [p.encode("utf-8") for p in parts]
    for byte in bad:
        at = draw(st.integers(0, len(pieces) - 1))
        pieces[at] = byte + pieces[at]
    data = b". ".join(pieces)
    assume(not data.startswith((codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)))  # a real BOM
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == len(bad)
    assert decoded.text.replace("\ufffd", "") == ". ".join(parts)


def test_the_bom_table_covers_every_unicode_form():
    for codec in ("utf-8-sig", "utf-16", "utf-32"):
        assert decode_bytes("Séoul".encode(codec)) == "Séoul"
    assert decode_bytes(codecs.BOM_UTF16_BE + "Séoul".encode("utf-16-be")) == "Séoul"
