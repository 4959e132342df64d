"""Importing articles: validate the input, parse it, refuse duplicates, store, extract.

The ways in: `import_article` (a paste or any raw text), `import_file` (one uploaded
file), `import_url` (a page fetched by `articles.fetch`), `read_zip` (the files in an
archive, with zip-bomb limits) and bulk jobs (`start_bulk_import` stores the files in
the database and queues `run_import_job` on the task queue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from articles.ingest import PARSER_VERSION, ParsedArticle, parse_article
from articles.models import Article, ImportItem, ImportJob
from articles.services.articles import metadata_doubts
from articles.services.extraction import extract_article
from articles.services.registry import find_source


def megabytes(size: int, decimals: int) -> str:
    """`2.5` (or `2,5` in French): a size in MB, in the active language's digits."""
    # Rounded here: number_format cuts the extra decimals off (1.96 would read 1.9).
    return formats.number_format(round(size / 1_048_576, decimals), decimals)


class ImportRefused(ValueError):
    """The input cannot become an article; the message says why and what to do."""

    def __init__(self, message: str, *, existing: Article | None = None):
        super().__init__(message)
        self.existing = existing


class EmptyInput(ImportRefused):
    """The input has no text at all (an empty paste, a document without text)."""


class MostlyRemoved(ImportRefused):
    """Cleaning kept only a small share of a paste's text: the article may have been lost.

    The import page says so and offers to import the paste as plain text instead.
    """

    def __init__(self, kept: int, total: int):
        share = kept / total if total else 0
        super().__init__(
            _(
                "The cleaner kept only %(kept)s of the %(total)s characters of text in this "
                "paste (%(share)s %%): it was read as HTML, and the article may have been left "
                "out. Nothing was saved. Check the paste, or import it as plain text."
            )
            % {
                "kept": formats.number_format(kept, force_grouping=True),
                "total": formats.number_format(total, force_grouping=True),
                "share": formats.number_format(round(share * 100)),
            }
        )
        self.kept = kept
        self.total = total


# A paste read as HTML whose cleaned text is under this share of its visible text is not
# imported without asking: a select-all copy of a page keeps about half, an article about
# a hacking campaign that quotes `<script>` kept three words.
KEPT_SHARE_WARNING = 0.1
# Below this much visible text the share says nothing (a headline and one sentence).
KEPT_SHARE_MIN_CHARS = 200


@dataclass
class ImportResult:
    article: Article
    created: bool

    @property
    def duplicate(self) -> bool:
        return not self.created


def check_input_size(raw: str) -> None:
    """Refuse empty input and input over NEWSDESK_MAX_INPUT_BYTES, with a message that says so."""
    if not raw or not raw.strip():
        raise EmptyInput(_("The input is empty. Paste the article's text or HTML, then import."))
    limit = settings.NEWSDESK_MAX_INPUT_BYTES
    size = len(raw.encode("utf-8", errors="surrogatepass"))
    if size > limit:
        raise ImportRefused(
            _(
                "The input is %(size)s MB; the limit is %(limit)s MB. "
                "Paste only the article, or save the page and upload the file."
            )
            % {"size": megabytes(size, 1), "limit": megabytes(limit, 1)}
        )


_FILE_TITLE = ("microsoft word", "untitled", ".doc", ".pdf", ".indd", "powerpoint")


def apply_document_metadata(parsed: ParsedArticle, document) -> None:
    """A file's metadata fills what the text left open; a file name as title is no title."""
    title = document.title
    if title and len(title.split()) >= 2 and not any(x in title.lower() for x in _FILE_TITLE):
        parsed.title = title
    if document.authors and not parsed.authors:
        parsed.authors = list(document.authors)
    if parsed.published_at is None and document.created is not None:
        parsed.published_at = document.created
    if parsed.updated_at is None and document.modified not in (None, document.created):
        parsed.updated_at = document.modified


def stored_paragraphs(parsed: ParsedArticle) -> list[list]:
    """Paragraph offsets as stored: [start, end], or [start, end, kind] for headings and lists."""
    return [[p.start, p.end, p.kind] if p.kind else [p.start, p.end] for p in parsed.paragraphs]


def find_duplicate(parsed: ParsedArticle) -> Article | None:
    """An article already stored with the same cleaned content or the same canonical URL."""
    found = Article.objects.filter(content_hash=parsed.content_hash).first()
    if found is None and parsed.canonical_url:
        found = Article.objects.filter(canonical_url=parsed.canonical_url).first()
    return found


def import_article(
    raw: str,
    *,
    input_kind: str = Article.InputKind.PASTE_TEXT,
    user=None,
    url: str = "",
    filename: str = "",
    raw_bytes: bytes | None = None,
    content_type: str = "",
    parse_as: str = "",
    guard_loss: bool = False,
    notes: list[dict] | None = None,
    document=None,
) -> ImportResult:
    """Store one article from raw input and extract its claims.

    `document` (a DocumentText from a PDF or Word file) supplies the file's own title,
    authors and dates where the text does not print them.

    The raw input is stored exactly as given. The same content (after
    cleaning) or the same canonical URL returns the existing article with
    `created=False` instead of a duplicate. `parse_as` ("text", "html",
    "markdown") overrides the parser's sniffing, e.g. for a `.txt` file that
    quotes some HTML. Pasted text is text unless it is a whole HTML document.
    With `guard_loss`, HTML whose cleaning keeps under KEPT_SHARE_WARNING of its
    visible text raises MostlyRemoved instead of being stored. `notes`
    ({text, reason}) are listed with the lines the cleaner removed (e.g. bytes
    the decoder replaced).
    """
    check_input_size(raw)
    kind = parse_as or paste_kind(raw, input_kind)
    source = raw
    if kind == "markdown":
        source, kind = markdown_to_text(raw), "text"
    structure = document.structure if document is not None else None
    parsed = parse_article(source, kind=kind, url=url or None, structure=structure)
    if guard_loss and parsed.input_format == "html":
        check_kept_share(source, parsed)
    if document is not None:
        apply_document_metadata(parsed, document)
    if not parsed.text.strip():
        raise ImportRefused(
            _(
                "No article text was found in this input. Check that you pasted the article "
                "itself (not only its title or the page's menus)."
            )
        )
    existing = find_duplicate(parsed)
    if existing is not None:
        return ImportResult(existing, created=False)
    publisher = find_source(parsed.publisher) if parsed.publisher else None
    try:
        with transaction.atomic():
            article = Article.objects.create(
                raw_input=raw,
                raw_bytes=raw_bytes,
                raw_filename=filename[:500],
                raw_content_type=content_type[:200],
                input_kind=input_kind,
                text=parsed.text,
                title=parsed.title[:500],
                lead=parsed.lead,
                url=(url or parsed.url)[:2000],
                canonical_url=parsed.canonical_url[:2000],
                publisher=publisher,
                publisher_name=parsed.publisher[:300],
                authors=list(parsed.authors),
                published_at=parsed.published_at,
                updated_at=parsed.updated_at,
                language=parsed.language,
                reading_time_minutes=parsed.reading_time_minutes,
                captions=[{"text": c.text, "credit": c.credit} for c in parsed.captions],
                paragraphs=stored_paragraphs(parsed),
                dropped_lines=[
                    *(notes or []),
                    *({"text": d.text, "reason": d.reason} for d in parsed.dropped),
                ],
                content_hash=parsed.content_hash,
                parser_version=PARSER_VERSION,
                metadata_doubts=metadata_doubts(
                    title=parsed.title,
                    published_at=parsed.published_at,
                    publisher=publisher,
                    publisher_name=parsed.publisher,
                    input_format=parsed.input_format,
                    dropped_reasons=(d.reason for d in parsed.dropped),
                ),
                imported_by=user if user is not None and user.is_authenticated else None,
            )
            extract_article(article)
    except IntegrityError:
        # A colleague imported the same article between our check and our insert.
        existing = find_duplicate(parsed)
        if existing is None:
            raise
        return ImportResult(existing, created=False)
    return ImportResult(article, created=True)


def paste_kind(raw: str, input_kind: str) -> str:
    """How to read a paste: clipboard HTML as HTML; typed or plain text as text, unless it is
    unmistakably a whole HTML document (security news quotes `<script>` and `</div>`)."""
    from articles.ingest.parse import is_html_document

    if input_kind == Article.InputKind.PASTE_HTML:
        return "html"
    if input_kind == Article.InputKind.PASTE_TEXT:
        return "html" if is_html_document(raw) else "text"
    return "auto"


def check_kept_share(source: str, parsed: ParsedArticle) -> None:
    """Raise MostlyRemoved when the cleaned text is a small share of the HTML's visible text."""
    from articles.ingest.parse import visible_chars

    total = visible_chars(source)
    kept = len(" ".join(parsed.text.split()))
    if total >= KEPT_SHARE_MIN_CHARS and kept < KEPT_SHARE_WARNING * total:
        raise MostlyRemoved(kept, total)


# --- Files -----------------------------------------------------------------------------

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html"}
DOCUMENT_SUFFIXES = {".pdf": "text", ".docx": "text"}
ARTICLE_SUFFIXES = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **DOCUMENT_SUFFIXES}
ZIP_SUFFIXES = {".zip"}
IMAGE_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".heic",
    ".avif", ".ico",
}  # fmt: skip
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".localized", "icon\r"}
SUPPORTED = ".txt, .html, .htm, .md, .pdf or .docx"


_MARKDOWN_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "td", "th"}


def markdown_to_text(raw: str) -> str:
    """Markdown without its markup (`# `, `**`, `[text](url)`), one block per paragraph.

    The plain-text cleaner then reads it like a paste; HTML inside the Markdown is
    reduced to its text, scripts and styles dropped.
    """
    import lxml.html
    import markdown

    html = markdown.markdown(raw, extensions=["tables"])
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for bad in root.xpath("//script|//style|//template"):
        bad.drop_tree()
    blocks: list[str] = []
    for element in root.iter(*_MARKDOWN_BLOCKS):
        if element.xpath("ancestor::li|ancestor::blockquote"):
            continue  # its text is part of the enclosing block
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    return "\n\n".join(blocks) + "\n"


def _suffix(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[-1] if "." in base.lstrip(".") else ""


def skip_reason(name: str) -> str | None:
    """Why a file is left out of a bulk import (system junk, images, other formats), or None."""
    path = name.replace("\\", "/")
    parts = [p for p in path.split("/") if p]
    base = parts[-1] if parts else ""
    if any(p == "__MACOSX" for p in parts):
        return "macOS archive metadata (__MACOSX), not an article"
    if base.lower() in JUNK_NAMES:
        return "system file, not an article"
    if base.startswith("._"):
        return "macOS resource file, not an article"
    if any(p.startswith(".") for p in parts):
        return "hidden file, not an article"
    suffix = _suffix(base)
    if suffix in IMAGE_SUFFIXES:
        return "an image, not an article"
    if suffix in ZIP_SUFFIXES:
        return None
    if suffix not in ARTICLE_SUFFIXES:
        what = f"a {suffix} file" if suffix else "a file without an extension"
        return f"{what}; only {SUPPORTED} files are imported"
    return None


def is_zip_name(name: str) -> bool:
    return _suffix(name) in ZIP_SUFFIXES


def import_file(name: str, data: bytes, *, user=None, content_type: str = "") -> ImportResult:
    """Import one uploaded `.txt`, `.html`/`.htm` or `.md` file, decoded from whatever charset."""
    from articles.ingest.decode import decode_text, looks_binary

    reason = skip_reason(name)
    if reason is not None or is_zip_name(name):
        raise ImportRefused(
            _("“%(name)s” was not imported: %(reason)s.") % {"name": name, "reason": reason}
            if reason
            else _("“%(name)s” is an archive; upload it on its own to import its files.")
            % {"name": name}
        )
    if _suffix(name) in DOCUMENT_SUFFIXES:
        return import_document(name, data, user=user, content_type=content_type)
    limit = settings.NEWSDESK_MAX_INPUT_BYTES
    if not data or not data.strip():
        raise ImportRefused(
            _("The file “%(name)s” is empty; there is nothing to import.") % {"name": name}
        )
    if len(data) > limit:
        raise ImportRefused(
            _(
                "The file “%(name)s” is %(size)s MB; the limit is %(limit)s MB. "
                "Keep only the article in the file."
            )
            % {"name": name, "size": megabytes(len(data), 1), "limit": megabytes(limit, 1)}
        )
    if looks_binary(data):
        raise ImportRefused(
            _(
                "“%(name)s” is not a text file (it looks like an image, a PDF, an archive or "
                "another binary file, whatever its name says). Upload the article as "
                "%(supported)s."
            )
            % {"name": name, "supported": SUPPORTED}
        )
    decoded = decode_text(data)
    try:
        return import_article(
            decoded.text,
            input_kind=Article.InputKind.FILE,
            user=user,
            filename=name,
            raw_bytes=data,
            content_type=content_type,
            parse_as=ARTICLE_SUFFIXES.get(_suffix(name), "auto"),
            notes=decoding_notes(decoded),
        )
    except EmptyInput:
        raise ImportRefused(_("The file “%(name)s” has no text in it.") % {"name": name}) from None


def decoding_notes(decoded) -> list[dict]:
    """The article's note for bytes the decoder could not read (each became "�")."""
    if not decoded.replaced:
        return []
    count = decoded.replaced
    return [
        {
            "text": f"{count} byte{'s' if count > 1 else ''} not valid {decoded.encoding.upper()}",
            "reason": "replaced by “�” in the text: the file is damaged there "
            "(the raw bytes are kept as uploaded)",
        }
    ]


def import_document(name: str, data: bytes, *, user=None, content_type: str = "") -> ImportResult:
    """Import a `.pdf` or `.docx` file: its text cleaned like a paste, its metadata, its bytes."""
    from articles.ingest.documents import DocumentError, read_document

    limit = getattr(settings, "NEWSDESK_MAX_DOCUMENT_BYTES", 20 * 1_048_576)
    if not data:
        raise ImportRefused(
            _("The file “%(name)s” is empty; there is nothing to import.") % {"name": name}
        )
    if len(data) > limit:
        raise ImportRefused(
            _(
                "The file “%(name)s” is %(size)s MB; the limit for PDF and Word files is "
                "%(limit)s MB (NEWSDESK_MAX_DOCUMENT_BYTES)."
            )
            % {"name": name, "size": megabytes(len(data), 1), "limit": megabytes(limit, 0)}
        )
    try:
        document = read_document(name, data)
    except DocumentError as error:
        raise ImportRefused(
            _("“%(name)s” was not imported: %(reason)s") % {"name": name, "reason": error}
        ) from None
    try:
        return import_article(
            document.text,
            input_kind=Article.InputKind.FILE,
            user=user,
            filename=name,
            raw_bytes=data,
            content_type=content_type,
            parse_as="text",
            document=document,
        )
    except EmptyInput:
        raise ImportRefused(_("The file “%(name)s” has no text in it.") % {"name": name}) from None


# --- Archives --------------------------------------------------------------------------


@dataclass
class ZipLimits:
    """What an uploaded archive may hold; checked from its headers and again while reading."""

    max_entries: int = 2000
    max_entry_bytes: int = 0  # 0: NEWSDESK_MAX_INPUT_BYTES
    max_total_bytes: int = 200 * 1024 * 1024

    @classmethod
    def from_settings(cls) -> ZipLimits:
        return cls(
            max_entries=getattr(settings, "NEWSDESK_ZIP_MAX_ENTRIES", cls.max_entries),
            max_entry_bytes=settings.NEWSDESK_MAX_INPUT_BYTES,
            max_total_bytes=getattr(settings, "NEWSDESK_ZIP_MAX_TOTAL_BYTES", cls.max_total_bytes),
        )


@dataclass
class ZipMember:
    """One entry of an archive: its data, or why it was skipped or refused."""

    name: str
    data: bytes = b""
    skipped: str = ""  # a junk file, left out on purpose
    failed: str = ""  # a file that should have been an article but cannot be read


def check_zip(data: bytes, limits: ZipLimits | None = None):
    """Open an archive and check its central directory against the limits (cheap: no inflating).

    Returns the open ZipFile; raises ImportRefused for a broken archive or a zip bomb.
    """
    import io
    import zipfile

    limits = limits or ZipLimits.from_settings()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRefused(
            _("This archive cannot be opened (it is damaged or not a zip file).")
        ) from None
    files = [i for i in infos if not i.is_dir()]
    if len(infos) > limits.max_entries:
        raise ImportRefused(
            _(
                "This archive holds %(count)d entries; the limit is %(max)d. "
                "Split it into smaller archives."
            )
            % {"count": len(infos), "max": limits.max_entries}
        )
    declared = sum(i.file_size for i in files)
    if declared > limits.max_total_bytes:
        raise ImportRefused(
            _(
                "This archive would unpack to %(size)s MB; the limit is %(limit)s MB. "
                "It was not opened (a zip bomb?)."
            )
            % {"size": megabytes(declared, 0), "limit": megabytes(limits.max_total_bytes, 0)}
        )
    return archive


def read_zip(data: bytes, limits: ZipLimits | None = None, prefix: str = ""):
    """Yield a ZipMember per file in the archive, nested folders included.

    The sizes in the headers are checked first (`check_zip`), then again while
    inflating, since headers can lie: reading stops at each limit.
    """
    import zipfile

    limits = limits or ZipLimits.from_settings()
    per_entry = limits.max_entry_bytes or settings.NEWSDESK_MAX_INPUT_BYTES
    archive = check_zip(data, limits)
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = f"{prefix}{info.filename}"
            reason = skip_reason(info.filename)
            if reason is not None:
                yield ZipMember(name, skipped=reason)
                continue
            if is_zip_name(info.filename):
                yield ZipMember(name, skipped="an archive inside the archive (not opened)")
                continue
            if info.flag_bits & 0x1:
                yield ZipMember(name, failed="password-protected; it cannot be read")
                continue
            if info.file_size > per_entry:
                yield ZipMember(name, failed=_entry_too_big(per_entry))
                continue
            chunks: list[bytes] = []
            size = 0
            too_big = False
            try:
                with archive.open(info) as member:
                    while chunk := member.read(65536):
                        size += len(chunk)
                        total += len(chunk)
                        if total > limits.max_total_bytes:
                            raise ImportRefused(
                                _(
                                    "This archive unpacks to more than %(limit)s MB (its "
                                    "headers said less); reading stopped there (a zip bomb?)."
                                )
                                % {"limit": megabytes(limits.max_total_bytes, 0)}
                            )
                        if size > per_entry:
                            too_big = True
                            break
                        chunks.append(chunk)
            except ImportRefused:
                raise  # the whole archive is refused, not one entry
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as e:
                yield ZipMember(name, failed=f"damaged in the archive ({e})")
                continue
            if too_big:
                yield ZipMember(name, failed=_entry_too_big(per_entry))
                continue
            yield ZipMember(name, data=b"".join(chunks))


def _entry_too_big(limit: int) -> str:
    return f"larger than the {limit / 1_048_576:.1f} MB limit for one article"


# --- URLs ------------------------------------------------------------------------------


def fetch_page(url: str, *, accept=None):
    """Fetch a page with the desk's limits; FetchRefused becomes ImportRefused."""
    from articles import fetch

    kwargs = {}
    if accept is not None:
        kwargs["accept"] = accept
    try:
        return fetch.fetch_url(
            url,
            timeout=getattr(settings, "NEWSDESK_FETCH_TIMEOUT", fetch.DEFAULT_TIMEOUT),
            max_bytes=settings.NEWSDESK_MAX_INPUT_BYTES,
            allow_loopback=settings.NEWSDESK_FETCH_ALLOW_LOOPBACK,
            **kwargs,
        )
    except fetch.FetchRefused as refused:
        raise ImportRefused(str(refused)) from None


def find_by_url(url: str) -> Article | None:
    """An article already imported from this address (as given, or as its canonical URL)."""
    if not url:
        return None
    return Article.objects.filter(Q(url=url) | Q(canonical_url=url)).order_by("pk").first()


def import_url(url: str, *, user=None) -> ImportResult:
    """Fetch a web page server-side (see `articles.fetch`) and import it."""
    from articles import fetch

    try:
        target = fetch.parse_target(url)
    except fetch.FetchRefused as refused:
        raise ImportRefused(str(refused)) from None
    existing = find_by_url(url.strip()) or find_by_url(target.url)
    if existing is not None:
        return ImportResult(existing, created=False)
    page = fetch_page(target.url)
    existing = find_by_url(page.final_url)
    if existing is not None:
        return ImportResult(existing, created=False)
    result = import_article(
        page.text,
        input_kind=Article.InputKind.URL,
        user=user,
        url=page.final_url,
        raw_bytes=page.data,
        content_type=page.content_type + (f"; charset={page.charset}" if page.charset else ""),
        parse_as="html" if page.is_html else "text",
    )
    if result.created:
        from articles.services.tracking import start_tracking

        start_tracking(result.article)  # state media edit and delete: re-fetch for a while
    return result


# --- Bulk ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one named input in a bulk import."""

    name: str
    status: str  # "imported", "duplicate", "failed", "skipped"
    article: Article | None = None
    reason: str = ""


def planned_imports(
    name: str, data: bytes, *, user=None, content_type: str = ""
) -> list[tuple[str, Callable[[], Outcome]]]:
    """The imports one named input stands for: (name, run) per file, or per archive member.

    Nothing is imported until `run()` is called, so a resumed job can skip what it already
    recorded. An archive's members come out in the same order every time.
    """
    if is_zip_name(name) or data[:4] == b"PK\x03\x04":
        try:
            members = list(read_zip(data, prefix=f"{name}/"))
        except ImportRefused as refused:
            failed = Outcome(name, "failed", reason=str(refused))
            return [(name, lambda: failed)]
        plans: list[tuple[str, Callable[[], Outcome]]] = []
        for member in members:
            if member.skipped:
                outcome = Outcome(member.name, "skipped", reason=member.skipped)
                plans.append((member.name, lambda o=outcome: o))
            elif member.failed:
                outcome = Outcome(member.name, "failed", reason=member.failed)
                plans.append((member.name, lambda o=outcome: o))
            else:
                plans.append(
                    (
                        member.name,
                        lambda m=member: import_outcome(
                            m.name, lambda: import_file(m.name, m.data, user=user)
                        ),
                    )
                )
        return plans
    reason = skip_reason(name)
    if reason is not None:
        return [(name, lambda: Outcome(name, "skipped", reason=reason))]
    return [
        (
            name,
            lambda: import_outcome(
                name, lambda: import_file(name, data, user=user, content_type=content_type)
            ),
        )
    ]


def import_named_bytes(name: str, data: bytes, *, user=None, content_type: str = ""):
    """Import a file, or every file in an archive; yield one Outcome per file."""
    for _name, run in planned_imports(name, data, user=user, content_type=content_type):
        yield run()


def import_outcome(name: str, do_import) -> Outcome:
    """Run one import and say what happened, never raising for the input's own faults."""
    import logging

    try:
        result = do_import()
    except ImportRefused as refused:
        return Outcome(name, "failed", article=refused.existing, reason=str(refused))
    except Exception as error:  # one bad file must not stop a thousand good ones
        logging.getLogger(__name__).exception("Import of %s failed", name)
        return Outcome(name, "failed", reason=f"unexpected error ({type(error).__name__})")
    status = "imported" if result.created else "duplicate"
    return Outcome(name, status, article=result.article)


def start_bulk_import(files, *, user=None) -> ImportJob:
    """Store uploaded files [(name, data, content_type)] and queue a job that imports them."""
    from articles.tasks import run_import_job

    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=user if user is not None and user.is_authenticated else None,
            total=len(files),
        )
        ImportItem.objects.bulk_create(
            ImportItem(job=job, name=name[:500], data=data, content_type=ctype[:200], position=i)
            for i, (name, data, ctype) in enumerate(files)
        )
        job_id = str(job.pk)
        transaction.on_commit(lambda: run_import_job.enqueue(job_id))
    return job


def run_bulk_import(job_id) -> ImportJob:
    """Import a job's stored files one by one, saving progress as it goes (runs in a worker).

    Safe to run again after a worker died mid-job: every outcome is recorded in the same
    transaction as the article it created and the file's progress count, so the next run
    skips exactly what was recorded and no file is imported or counted twice.
    """
    from django.utils import timezone

    job = ImportJob.objects.get(pk=job_id)
    if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
        return job
    if job.state != ImportJob.State.RUNNING:
        job.state = ImportJob.State.RUNNING
        job.save(update_fields=["state"])
    user = job.created_by
    try:
        for item_id in list(job.items.values_list("pk", flat=True)):
            item = ImportItem.objects.filter(pk=item_id).first()
            if item is None or not _import_item(job.pk, item, user):
                # Another run of this job recorded it first (a worker thought dead was not).
                return ImportJob.objects.get(pk=job.pk)
            item.delete()  # the bytes are on the article now; keep the queue table small
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED,
            error=f"The import stopped: {type(error).__name__}: {error}"[:2000],
            finished=timezone.now(),
        )
        raise
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        job.state = ImportJob.State.DONE
        job.processed = job.total
        job.finished = timezone.now()
        job.save()
    return job


PROGRESS_FIELDS = ["total", "processed", "imported", "duplicates", "failures", "skipped"]


def _import_item(job_id, item: ImportItem, user) -> bool:
    """Import the files of one stored item not yet recorded; False if another run took over."""
    plans = planned_imports(
        item.name, bytes(item.data), user=user, content_type=item.content_type
    )
    if not plans:  # an empty archive still counts as one processed file
        empty = Outcome(item.name, "failed", reason="the archive holds no files")
        plans = [(item.name, lambda: empty)]
    for position, (_name, run) in enumerate(plans):
        if position < item.done:
            continue
        with transaction.atomic():
            done = ImportItem.objects.select_for_update().filter(pk=item.pk)
            if done.values_list("done", flat=True).first() != position:
                return False
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            with transaction.atomic():
                outcome = run()
            if position == 0:
                job.total += len(plans) - 1  # an archive counts as one until opened
            record_outcome(job, outcome)
            job.processed += 1
            job.save(update_fields=PROGRESS_FIELDS)
            done.update(done=position + 1)
        item.done = position + 1
    return True


def abandon_bulk_import(job_id, reason: str) -> None:
    """Mark a job failed that no worker could finish, saying what was imported before."""
    from django.utils import timezone

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
        return
    job.state = ImportJob.State.FAILED
    job.error = (
        f"The import stopped: {reason} {len(job.imported)} of {job.total} files were imported "
        "before it stopped; import the rest again (files already on the desk are recognised)."
    )[:2000]
    job.finished = timezone.now()
    job.save(update_fields=["state", "error", "finished"])


def record_outcome(job: ImportJob, outcome: Outcome) -> None:
    """Add one outcome to the job's summary lists."""
    entry: dict = {"name": outcome.name}
    if outcome.article is not None:
        entry["article_id"] = outcome.article.pk
        entry["title"] = str(outcome.article)[:200]
    if outcome.status == "imported":
        job.imported.append(entry)
    elif outcome.status == "duplicate":
        job.duplicates.append(entry)
    elif outcome.status == "skipped":
        job.skipped.append({"name": outcome.name, "reason": outcome.reason})
    else:
        job.failures.append({**entry, "reason": outcome.reason})
