"""Bytes in, text out: decode uploads in whatever charset they came in, and refuse binary files."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that read it, and how many bad bytes became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def decode_bytes(data: bytes, declared_charset: str | None = None) -> str:
    """Decode uploaded bytes to text (see `decode_text` for the order of guesses)."""
    return decode_text(data, declared_charset).text


def decode_text(data: bytes, declared_charset: str | None = None) -> Decoded:
    """Decode uploaded bytes, saying which codec read them and how many bytes were replaced.

    Order: byte-order mark, the charset the sender declared (HTTP header, form),
    a `<meta charset>` / XML declaration in the first 4 KB, UTF-8, UTF-8 with a
    few bad bytes replaced, then charset-normalizer's guess (Western code pages
    preferred for French and English), and Windows-1252 as the last resort (it
    maps every byte, so decoding never fails).
    """
    if not data:
        return Decoded("", "utf-8")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _replacing(data[len(bom) :], codec)
    for codec in (
        _normalise_charset(declared_charset),
        _sniff_declared(data[:4096]),
    ):
        text = _try(data, codec)
        if text is not None:
            return Decoded(text, codec)
    text = _try(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    if _mostly_utf8(data):
        return _replacing(data, "utf-8")
    guess = _guess(data)
    if guess is not None:
        return guess
    return _replacing(data, "cp1252")


def _replacing(data: bytes, codec: str) -> Decoded:
    """Decode with U+FFFD for every byte the codec cannot read, counting them."""
    text = data.decode(codec, errors="replace")
    replaced = text.count("\ufffd")
    if replaced:
        # U+FFFD that was in the input is not a replacement.
        genuine = data.count("\ufffd".encode(codec, errors="ignore") or b"\x00\x00\x00\x00")
        replaced = max(0, replaced - genuine)
    return Decoded(text, codec, replaced)


_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# "Text that is UTF-8 except for a few bytes": at least this many well-formed non-ASCII
# characters per bad byte. A Latin-1 file has almost no well-formed UTF-8 sequences
# (an accented letter is followed by an ASCII letter), so it never qualifies.
_UTF8_GOOD_PER_BAD = 4
_UTF8_MIN_GOOD = 2


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 but for a few stray ones (a corrupted or spliced file)."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = len(_NON_ASCII.findall(text)) - bad
    return good >= _UTF8_MIN_GOOD and good >= _UTF8_GOOD_PER_BAD * bad


def _sniff_declared(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return _normalise_charset(match.group(1)) if match else None


_WESTERN = ("cp1252", "latin_1", "iso8859_15", "iso8859_1")
# The desk reads French and English; their letters beyond ASCII (Windows-1252's letters).
_WESTERN_LETTERS = frozenset(
    "àâäáãåæçéèêëíìîïñóòôöõøœšúùûüýÿžðþß" "ÀÂÄÁÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒŠÚÙÛÜÝŸŽÐÞ"
)
_DESK_WESTERN_LANGUAGES = ("fr", "en")
# How much more chaotic (charset-normalizer's mess ratio) a Western reading may be than the
# detector's best guess and still be preferred for French or English text.
_WESTERN_WINDOW = 0.2


def _odd_letters(text: str) -> int:
    """Letters beyond ASCII that French and English do not use ("ē", "ū", "ė" in "franēaise")."""
    return sum(1 for ch in _NON_ASCII.findall(text) if ch.isalpha() and ch not in _WESTERN_LETTERS)


def _western_reading(data: bytes) -> tuple[str, str] | None:
    for codec in ("cp1252", "latin_1"):
        text = _try(data, codec)
        if text is not None:
            return text, codec
    return None


def _guess(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes  # imported lazily: only odd files need it
    from charset_normalizer.md import mess_ratio

    from articles.ingest.lang import detect_language

    sample = data[:200_000]
    matches = from_bytes(sample)
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
    if codec not in ("cp1252", "latin-1", "iso8859-15"):
        # An ISO-8859-1 French file read as Baltic ("franēaise", "coūt", "Noėl"): the
        # detector's best may beat Windows-1252 by more than a tie. When the Western
        # reading is French or English, has no letters foreign to them where the guess
        # has some, and is about as orderly, it is the right one.
        western = _western_reading(sample)
        guessed = _try(sample, codec)
        if western is not None and guessed is not None:
            text, western_codec = western
            if (
                _odd_letters(text) < _odd_letters(guessed)
                and mess_ratio(text, maximum_threshold=1.0) <= best.chaos + _WESTERN_WINDOW
                and detect_language(text) in _DESK_WESTERN_LANGUAGES
            ):
                codec = western_codec
    text = _try(data, codec)
    if text is not None:
        return Decoded(text, codec)
    return _replacing(data, codec)
