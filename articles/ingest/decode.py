"""Bytes in, text out: decode uploads in whatever charset they came in, and refuse binary files."""

from __future__ import annotations

import codecs
import re

# Magic numbers of files people drop on the import page by mistake.
_MAGIC = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"PK\x05\x06",  # empty zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # old MS Office (.doc, .xls)
    b"\x7fELF",
    b"MZ",  # Windows executables
    b"RIFF",  # webp, wav, avi
    b"\x00\x00\x01\x00",  # .ico
    b"ID3",  # mp3
    b"OggS",
    b"fLaC",
    b"\x1a\x45\xdf\xa3",  # mkv / webm
    b"wOFF",
    b"wOF2",
    b"SQLite format 3\x00",
)
# `ftyp` at offset 4: mp4, mov, heic, avif.
_FTYP_AT = 4

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">,
# and <?xml ... encoding="..."?>, looked for in the first 4 KB only.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")

# Control characters that never occur in text files (tab, LF, FF, CR and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(b"", b"")


def looks_binary(data: bytes) -> bool:
    """True when the bytes are an image, archive, PDF, executable or other non-text file."""
    if not data:
        return False
    head = data[:16]
    if any(head.startswith(magic) for magic in _MAGIC):
        return True
    if data[_FTYP_AT : _FTYP_AT + 4] == b"ftyp":
        return True
    sample = data[:8192]
    # UTF-16/32 text is full of NUL bytes but announces itself with a BOM.
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(_CONTROL_TABLE, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def _normalise_charset(name: str | bytes | None) -> str | None:
    """A Python codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    # Browsers read "latin-1" and "ascii" as Windows-1252 (WHATWG Encoding Standard):
    # pages that declare them routinely contain curly quotes and euro signs.
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return codec


def _try(data: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, declared_charset: str | None = None) -> str:
    """Decode uploaded bytes to text.

    Order: byte-order mark, the charset the sender declared (HTTP header, form),
    a `<meta charset>` / XML declaration in the first 4 KB, UTF-8, then
    charset-normalizer's guess, and Windows-1252 as the last resort (it maps
    every byte, so decoding never fails).
    """
    if not data:
        return ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    for codec in (
        _normalise_charset(declared_charset),
        _sniff_declared(data[:4096]),
    ):
        text = _try(data, codec)
        if text is not None:
            return text
    text = _try(data, "utf-8")
    if text is not None:
        return text
    guess = _guess(data)
    if guess is not None:
        return guess
    return data.decode("cp1252", errors="replace")


def _sniff_declared(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return _normalise_charset(match.group(1)) if match else None


_WESTERN = ("cp1252", "latin_1", "iso8859_15", "iso8859_1")


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: only odd files need it

    # Prefer the Western European code pages this desk meets (French pastes saved
    # by Windows tools); charset-normalizer decides between them and the rest.
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        return None
    codec = best.encoding
    for match in matches:
        # Central European and Baltic code pages tie with Windows-1252 on French text
        # ("Coût" reads "Coűt" in cp1250): on a tie, the Western code page wins.
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.01:
            codec = match.encoding
            break
    codec = _normalise_charset(codec) or codec
    return _try(data, codec) or data.decode(codec, errors="replace")
