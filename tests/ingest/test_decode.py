"""Uploaded bytes: decoded in their charset, binary files refused."""

from __future__ import annotations

import codecs

import pytest

from articles.ingest.decode import decode_bytes, looks_binary

FRENCH = "Publié le 27/12/2025 — « Kim Jong-un a déclaré que la Corée du Nord était prête », selon l’agence KCNA. Coût : 5 €."


def test_utf8():
    assert decode_bytes(FRENCH.encode("utf-8")) == FRENCH


def test_utf8_with_bom():
    assert decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH


def test_utf16_with_bom():
    data = codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le")
    assert not looks_binary(data)
    assert decode_bytes(data) == FRENCH


def test_windows_1252_without_declaration():
    data = (FRENCH * 3).encode("cp1252")
    assert decode_bytes(data) == FRENCH * 3


def test_latin1_without_declaration():
    text = "Séoul a déclaré que la Corée du Nord avait tiré un missile à 14 h, a précisé l'état-major."
    assert decode_bytes(text.encode("latin-1")) == text


def test_declared_charset_wins():
    assert decode_bytes(FRENCH.encode("cp1252"), declared_charset="windows-1252") == FRENCH
    assert decode_bytes("é".encode("latin-1"), declared_charset="ISO-8859-1") == "é"


def test_meta_charset_in_html():
    html = '<html><head><meta charset="windows-1252"></head><body><p>' + FRENCH + "</p></body></html>"
    assert FRENCH in decode_bytes(html.encode("cp1252"))
    old = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Séoul</p>'
    assert "Séoul" in decode_bytes(old.encode("latin-1"))


def test_unknown_declared_charset_falls_back():
    assert decode_bytes(FRENCH.encode("utf-8"), declared_charset="x-no-such-charset") == FRENCH


def test_empty():
    assert decode_bytes(b"") == ""
    assert not looks_binary(b"")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200),
        b"GIF89a" + bytes(100),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(100),
        b"\x00\x00\x00\x18ftypheic" + bytes(100),
        b"\x7fELF\x02\x01\x01" + bytes(100),
        b"text with a NUL\x00 byte in the middle",
        bytes(range(1, 9)) * 100,
    ],
)
def test_binary_is_detected(data):
    assert looks_binary(data)


def test_text_is_not_binary():
    assert not looks_binary(FRENCH.encode("utf-8"))
    assert not looks_binary(FRENCH.encode("cp1252"))
    assert not looks_binary("북한은 미사일을 발사했다. Северная Корея.".encode())
    assert not looks_binary(b"<html><body>\t<p>x</p>\r\n</body></html>")


def test_utf8_with_one_stray_byte_stays_utf8_and_counts_the_replacement():
    from articles.ingest.decode import decode_text

    text = "Le ministère a déclaré que la coopération française était réelle. Coût élevé."
    data = text.encode("utf-8").replace(b" Co", b" \xffCo")
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert decoded.text == text.replace(" Co", " \ufffdCo")  # not "dÃ©clarÃ©"


def test_latin1_french_is_not_read_as_baltic():
    text = "Du qui garçon le déçu sur pour dans qui qui français sûr goût de le déçu à Noël."
    assert decode_bytes(text.encode("latin-1")) == text  # cp1257 gave "garēon", "Noėl"


def test_a_baltic_text_stays_baltic():
    text = "Lietuvos užsienio reikalų ministerija pareiškė, kad šiaurės korėjiečių kariai kovoja."
    assert decode_bytes(text.encode("cp1257"), declared_charset="cp1257") == text
