"""`manage.py export --format csv|json|md|html|pdf|w3c|claimreview`: the report builder's
exports from the command line, with the same selection parameters and the same output."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.exports import FORMATS, INCLUDES, ExportContext, Selection, SelectionError
from articles.exports.base import CSV_DELIMITERS, csv_delimiter, parse_include


class Command(BaseCommand):
    help = (
        "Export the selected claims (all by default) as CSV, JSON, Markdown, HTML, PDF, "
        "W3C Web Annotation or ClaimReview JSON-LD. A full backup that `import_export` "
        "loads back: --format json --include-rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--article", help="One article's id.")
        parser.add_argument("--source", help="A source's slug, name or alias.")
        parser.add_argument("--tag", help="A tag's slug or name.")
        parser.add_argument("--query", help="Search text.")
        parser.add_argument("--from", dest="date_from", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="date_to", help="Last day, YYYY-MM-DD.")
        parser.add_argument("--status", help="A status slug, e.g. disputed.")
        parser.add_argument("--language", help="Article language, e.g. fr.")
        parser.add_argument("--kind", help="Kind of source, e.g. state_media.")
        parser.add_argument("--country", help="Source country, two letters, e.g. KP.")
        parser.add_argument("--grade", help="Admiralty grade, e.g. B2, B or 2.")
        parser.add_argument("--origin", help="automatic or manual.")
        parser.add_argument(
            "--rejected", action="store_true", help="Only rejected claims (as on the claims page)."
        )
        parser.add_argument(
            "--include-rejected", action="store_true", help="Also export rejected claims."
        )
        parser.add_argument(
            "--include",
            help="Comma-separated parts (default all): " + ",".join(k for k, _ in INCLUDES),
        )
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--user", default="", help="Name shown as the exporter.")
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address, for links to claims (default: the SITE_URL setting).",
        )
        parser.add_argument(
            "--reviewed", action="store_true", help="Only reviewed claims (a status set)."
        )
        parser.add_argument("--ids", default="", help="Only these claims: 12,15,40.")
        parser.add_argument("--title", default="", help="The report's title.")
        parser.add_argument("--intro", default="", help="The report's introduction.")
        parser.add_argument(
            "--delimiter",
            choices=sorted(CSV_DELIMITERS),
            default="comma",
            help="CSV separator (semicolon for French spreadsheets).",
        )
        parser.add_argument(
            "--report-language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the HTML, PDF and Markdown reports (data formats stay English).",
        )

    def handle(self, *args, **options):
        params = {
            "article": options["article"],
            "source": options["source"],
            "tag": options["tag"],
            "q": options["query"],
            "from": options["date_from"],
            "to": options["date_to"],
            "status": options["status"],
            "language": options["language"],
            "kind": options["kind"],
            "country": options["country"],
            "grade": options["grade"],
            "origin": options["origin"],
            "rejected": "1" if options["rejected"] else "",
            "with_rejected": "1" if options["include_rejected"] else "",
            "reviewed": "1" if options["reviewed"] else "",
            "ids": options["ids"],
        }
        try:
            selection = Selection.from_params({k: v for k, v in params.items() if v})
        except SelectionError as error:
            raise CommandError(str(error)) from None
        include = (options["include"] or "").split(",") if options["include"] else None
        ctx = ExportContext(
            selection,
            include=parse_include(include),
            exported_by=options["user"],
            base_url=options["base_url"] or settings.SITE_URL,
            report_title=options["title"],
            introduction=options["intro"],
            csv_delimiter=csv_delimiter(options["delimiter"]),
            language=options["report_language"],
        )
        fmt = FORMATS[options["format"]]
        try:
            parts = fmt.render(ctx)
            if options["output"]:
                with Path(options["output"]).open("wb") as out:
                    for part in parts:
                        out.write(part if isinstance(part, bytes) else part.encode("utf-8"))
            else:
                # A real terminal or pipe takes bytes (PDF); a StringIO (tests) takes text.
                buffer = getattr(self.stdout._out, "buffer", None)
                for part in parts:
                    if buffer is not None:
                        buffer.write(part if isinstance(part, bytes) else part.encode("utf-8"))
                    else:
                        self.stdout.write(
                            part.decode("utf-8") if isinstance(part, bytes) else part, ending=""
                        )
                if buffer is not None:
                    buffer.flush()
        except ValueError as error:  # e.g. a PDF over its size limit
            raise CommandError(str(error)) from None
