"""Text and metadata of PDF and Word (.docx) files: press releases, assessments, reports.

Plain Python like the rest of the ingest core. The result is plain text with one
paragraph per block (blank lines between), ready for the same cleaning as a paste,
and the file's own metadata (title, author, creation and modification dates).
A PDF's lines are joined back into paragraphs (PDFs store lines, not paragraphs);
running headers and footers repeated on most pages and bare page numbers are left
out. A PDF without a text layer (a scan) or with a password is refused with a clear
message: there is no OCR here.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
_SENTENCE_END = (".", "!", "?", ":", "»", '"', "”", "…", ";")
_PAGE_NUMBER = re.compile(r"^(?:page\s)?\d{1,4}(?:\s?(?:/|of|sur|de)\s?\d{1,4})?$", re.I)
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")
MAX_PAGES = 500


class DocumentError(ValueError):
    """A file that cannot be read as an article; the message says why, for the researcher."""


@dataclass
class DocumentText:
    """What a document holds: its text (paragraphs separated by blank lines) and metadata."""

    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    created: datetime | None = None
    modified: datetime | None = None
    pages: int = 0
    # Blocks the file's markup names: "h" heading, "li" list item, "row" table row.
    structure: dict[str, str] = field(default_factory=dict)


def read_document(name: str, data: bytes) -> DocumentText:
    """Read a `.pdf` or `.docx` file by its content (the name only words the messages)."""
    if data.startswith(PDF_MAGIC):
        return read_pdf(data)
    if data.startswith(ZIP_MAGIC):
        return read_docx(data)
    raise DocumentError(f"“{name}” is not a PDF or Word (.docx) file, whatever its name says.")


def read_pdf(data: bytes) -> DocumentText:
    """A text PDF's paragraphs and metadata; scanned and password-protected PDFs are refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypt(reader):
            raise DocumentError(
                "This PDF is protected by a password, so its text cannot be read. Open it "
                "with its password and save or print it as a PDF without protection, or "
                "paste its text."
            )
        pages = [_page_text(page) for page in reader.pages[:MAX_PAGES]]
        info = reader.metadata or {}
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise DocumentError(f"This PDF is damaged and cannot be read ({error}).") from None
    except Exception as error:  # pypdf on hostile files: a clear refusal, never a crash
        raise DocumentError(f"This PDF cannot be read ({type(error).__name__}).") from None
    if not any(page.strip() for page in pages):
        raise DocumentError(
            "This PDF has no text layer: it is a scan or pictures of pages. Newsdesk has no "
            "OCR (text recognition), so it cannot import it. Find a text version of the "
            "document, or paste its text."
        )
    return DocumentText(
        text=_pdf_paragraphs(pages),
        title=_clean(info.get("/Title")),
        authors=_authors(_clean(info.get("/Author"))),
        created=_pdf_date(info.get("/CreationDate")),
        modified=_pdf_date(info.get("/ModDate")),
        pages=len(reader.pages),
    )


def _page_text(page) -> str:
    """A page's text with its layout: a blank line where the page leaves vertical space."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # the layout mode fails on some fonts: the plain mode still reads them
        return page.extract_text() or ""


def _decrypt(reader) -> bool:
    """Open a PDF encrypted with an empty user password (restrictions only, no secret)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher is as closed as a password
        return False


def _pdf_paragraphs(pages: list[str]) -> str:
    """Pages of lines -> paragraphs: wrapped lines joined, running heads and page numbers out."""
    page_lines = [[" ".join(line.split()) for line in page.splitlines()] for page in pages]
    counts = Counter(line for lines in page_lines for line in set(lines) if line)
    repeated = {
        line for line, n in counts.items() if len(pages) >= 3 and n >= max(3, len(pages) * 0.6)
    }
    widths = [len(line) for lines in page_lines for line in lines if len(line) > 20]
    full = statistics.median(widths) if widths else 80
    paragraphs: list[str] = []
    for lines in page_lines:
        current = ""
        last_width = 0
        for line in lines:
            if not line or line in repeated or _PAGE_NUMBER.match(line):
                if not line and current:
                    paragraphs.append(current)
                    current = ""
                continue
            if current and _ends_paragraph(current, last_width, full):
                paragraphs.append(current)
                current = ""
            if current.endswith("-") and line[:1].islower():
                current = current[:-1] + line  # a word hyphenated at the end of the line
            else:
                current = f"{current} {line}" if current else line
            last_width = len(line)
        if current:
            paragraphs.append(current)  # a page ends a paragraph: the page structure stays
    return "\n\n".join(paragraphs) + "\n"


def _ends_paragraph(current: str, width: int, full: float) -> bool:
    """A line ending a sentence well before the margin closes its paragraph.

    Blank lines (vertical space in the layout) close paragraphs too; a short line
    that ends no sentence is a wrapped headline, not a paragraph of its own.
    """
    return current.endswith(_SENTENCE_END) and width < full * 0.85


def read_docx(data: bytes) -> DocumentText:
    """A Word file's paragraphs (headings and list items on their own lines), tables, metadata."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise DocumentError(
            f"This file is not a Word document (.docx) that can be read ({error}). Old .doc "
            "files must be saved as .docx first."
        ) from None
    except Exception as error:  # python-docx on hostile files: a clear refusal
        raise DocumentError(f"This Word file cannot be read ({type(error).__name__}).") from None
    blocks: list[str] = []
    structure: dict[str, str] = {}
    styles = {p._p: (p.style.name if p.style is not None else "") for p in document.paragraphs}
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join("".join(node.text or "" for node in child.iter(_W_T)).split())
            if text:
                blocks.append(text)
                style = (styles.get(child) or "").lower()
                if style.startswith(("heading", "title", "subtitle")):
                    structure[text] = "h"
                elif style.startswith("list") or child.find(f"{_W}pPr/{_W}numPr") is not None:
                    structure[text] = "li"
        elif tag == "tbl":
            for row in child.iter(_W_TR):
                cells = [
                    " ".join("".join(t.text or "" for t in cell.iter(_W_T)).split())
                    for cell in row.iter(_W_TC)
                ]
                row_text = " | ".join(c for c in cells if c)
                if row_text:
                    blocks.append(row_text)
                    structure[row_text] = "row"
    if not blocks:
        raise DocumentError("This Word document has no text in it.")
    core = document.core_properties
    return DocumentText(
        text="\n\n".join(blocks) + "\n",
        title=_clean(core.title),
        authors=_authors(_clean(core.author)),
        created=_aware(core.created),
        modified=_aware(core.modified),
        structure=structure,
    )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_T, _W_TR, _W_TC = _W + "t", _W + "tr", _W + "tc"


def _clean(value) -> str:
    return " ".join(str(value).split()) if value else ""


def _authors(value: str) -> list[str]:
    return [name.strip() for name in re.split(r"\s?[;,]\s?|\s(?:and|et)\s", value) if name.strip()]


def _aware(value) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _pdf_date(value) -> datetime | None:
    """`D:20250312093000+01'00'` (or pypdf's parsed value) as an aware datetime."""
    if isinstance(value, datetime):
        return _aware(value)
    match = _PDF_DATE.match(str(value or ""))
    if not match:
        return None
    parts = [int(p) if p else d for p, d in zip(match.groups(), (0, 1, 1, 0, 0, 0), strict=True)]
    try:
        return datetime(*parts, tzinfo=UTC)
    except ValueError:
        return None
