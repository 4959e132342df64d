"""Turn raw input (pasted text, pasted or saved HTML) into a clean, dated article.

Plain Python: nothing in this package imports Django, so it can be tested and
benchmarked on its own. The Django layer (`articles.services`) calls
`parse_article()` and stores what it returns.

Modules: `parse` (entry point, sniffing, language, dates, reading time),
`text` (pasted pages), `furniture` (line rules), `html` (saved and clipboard
HTML), `dates`, `lang`, `outlets` (names, domains, time zones), `decode`
(bytes to text, binary detection).
"""

from articles.ingest.decode import decode_bytes, looks_binary
from articles.ingest.model import Caption, DroppedLine, Paragraph, ParsedArticle
from articles.ingest.parse import PARSER_VERSION, parse_article

__all__ = [
    "PARSER_VERSION",
    "Caption",
    "DroppedLine",
    "Paragraph",
    "ParsedArticle",
    "decode_bytes",
    "looks_binary",
    "parse_article",
]
