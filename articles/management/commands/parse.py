"""`manage.py parse PATH [--url URL] [--kind text|html|auto]`: what the ingest core makes of a file.

Prints the ParsedArticle as JSON (`text` holds the cleaned text). PATH `-`
reads standard input. Bytes are decoded by the core (BOM, declared charset,
<meta charset>, UTF-8, then a guess), so Windows-1252 files read correctly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.ingest import parse_article
from articles.ingest.decode import decode_bytes, looks_binary


class Command(BaseCommand):
    help = "Parse a pasted page (.txt) or a saved page (.html) and print the result as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to parse, or - for standard input.")
        parser.add_argument("--url", default=None, help="The page's address, if known.")
        parser.add_argument("--kind", choices=("auto", "text", "html"), default="auto")
        parser.add_argument(
            "--charset", default=None, help="The file's charset, if known (else detected)."
        )

    def handle(self, *args, path: str, url: str | None, kind: str, charset: str | None, **options):
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        if looks_binary(data):
            raise CommandError(
                f"{path} looks like a binary file (an image, archive or PDF), not an article: "
                "save the page as HTML or copy its text."
            )
        article = parse_article(decode_bytes(data, charset), kind=kind, url=url)
        if not article.text:
            self.stderr.write("No article text found in the input.")
        self.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
