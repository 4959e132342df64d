"""PDF and Word files: text and structure kept, metadata from the file, raw bytes stored;
scanned and password-protected PDFs refused with a clear message."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.ingest.documents import DocumentError, read_document
from articles.models import Article

pytestmark = pytest.mark.django_db

UPLOAD = reverse("articles:import_files")
PARAGRAPHS = [
    "The agency assesses with moderate confidence that about 3,000 more soldiers were sent "
    "to Russia in January, according to officials briefed on the findings.",
    "Losses in the Kursk region reached several thousand over the winter, the assessment "
    "says, citing intercepted communications and prisoner interviews.",
    "Drone operators appear to have been trained before the second deployment, the agency "
    "said in its conclusion.",
]


def _pdf(*, image_only: bool = False) -> bytes:
    from weasyprint import HTML

    if image_only:
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (200, 100), "grey").save(buffer, "PNG")
        import base64

        src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
        body = f'<img src="{src}" width="400">'
    else:
        body = "<h1>Assessment of North Korean deployments</h1>" + "".join(
            f"<p>{p}</p>" for p in PARAGRAPHS
        )
    html = (
        "<html><head><title>Assessment of North Korean deployments</title>"
        '<meta name="author" content="Defence Intelligence Staff">'
        '<meta name="dcterms.created" content="2025-03-12T09:30:00Z"></head>'
        f"<body>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _docx() -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = "Briefing on the second deployment"
    document.core_properties.author = "Jane Miller"
    document.core_properties.created = datetime(2025, 2, 3, 8, 0, tzinfo=UTC)
    document.add_heading("Briefing on the second deployment", level=1)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_heading("Losses", level=2)
    document.add_paragraph(PARAGRAPHS[1])
    document.add_paragraph("Regions named in the briefing", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Soldiers"
    table.cell(1, 0).text, table.cell(1, 1).text = "Kursk", "11000"
    document.add_paragraph(PARAGRAPHS[2])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, name: str, data: bytes, content_type: str):
    return client.post(
        UPLOAD, {"files": [SimpleUploadedFile(name, data, content_type=content_type)]},
        follow=True,
    )


def test_a_pdf_is_imported_with_its_metadata_and_bytes(researcher_client):
    data = _pdf()
    response = _upload(researcher_client, "assessment.pdf", data, "application/pdf")
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.title == "Assessment of North Korean deployments"
    assert article.authors == ["Defence Intelligence Staff"]
    assert article.published_at == datetime(2025, 3, 12, 9, 30, tzinfo=UTC)
    assert bytes(article.raw_bytes) == data
    assert article.raw_filename == "assessment.pdf"
    for paragraph in PARAGRAPHS:
        # Each paragraph comes back whole, as one paragraph, despite the PDF's line breaks.
        assert paragraph in article.text.split("\n\n")


def test_a_docx_is_imported_with_structure_and_metadata(researcher_client):
    data = _docx()
    _upload(
        researcher_client, "briefing.docx", data,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    article = Article.objects.get()
    assert article.title == "Briefing on the second deployment"
    assert article.authors == ["Jane Miller"]
    assert article.published_at == datetime(2025, 2, 3, 8, 0, tzinfo=UTC)
    paragraphs = article.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs
    assert "Losses" in paragraphs
    assert "Region | Soldiers" in paragraphs and "Kursk | 11000" in paragraphs
    assert bytes(article.raw_bytes) == data


def test_a_scanned_pdf_says_there_is_no_ocr(researcher_client):
    response = _upload(researcher_client, "scan.pdf", _pdf(image_only=True), "application/pdf")
    assert not Article.objects.exists()
    page = response.content.decode()
    assert "no text layer" in page and "OCR" in page


def test_a_password_protected_pdf_is_refused_clearly(researcher_client):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf())))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    response = _upload(researcher_client, "locked.pdf", buffer.getvalue(), "application/pdf")
    assert not Article.objects.exists()
    assert "protected by a password" in response.content.decode()


def test_a_pdf_name_on_other_bytes_is_refused():
    with pytest.raises(DocumentError, match="not a PDF or Word"):
        read_document("fake.pdf", b"hello, this is text")
    with pytest.raises(DocumentError, match="damaged"):
        read_document("broken.pdf", b"%PDF-1.7\n garbage")
