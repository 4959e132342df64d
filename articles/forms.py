"""Forms for the desk's pages."""

from __future__ import annotations

from django import forms

from articles.services.imports import ImportRefused, check_input_size


class PasteForm(forms.Form):
    """Paste an article: the plain text, and the clipboard's HTML when the browser offers it."""

    text = forms.CharField(
        label="Article",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 14, "placeholder": "Paste the whole article or web page here…"}
        ),
    )
    html = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    url = forms.URLField(label="Original URL (optional)", required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        raw = data.get("html") or data.get("text") or ""
        try:
            check_input_size(raw)
        except ImportRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from None
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or many files from a single `<input type=file multiple>`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    """Upload article files: `.txt`, `.html`/`.htm`, `.md`, `.pdf`, `.docx`, or a `.zip`."""

    files = MultipleFileField(
        label="Files",
        required=False,
        help_text=(
            ".txt, .html, .htm, .md, .pdf or .docx files, or a .zip of them (folders inside "
            "are fine)."
        ),
    )

    def clean_files(self):
        from django.conf import settings

        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(
                "Choose one or more files (.txt, .html, .htm, .md, .pdf, .docx or .zip) to "
                "import.",
                code="empty",
            )
        limit = getattr(settings, "NEWSDESK_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
        total = sum(f.size or 0 for f in files)
        if total > limit:
            raise forms.ValidationError(
                f"These files come to {total / 1_048_576:.0f} MB; one upload may be at most "
                f"{limit / 1_048_576:.0f} MB. Upload them in several goes, or use the "
                "import_articles command.",
                code="too_big",
            )
        return files


class UrlForm(forms.Form):
    """Import a web page by its address; the server fetches it (public addresses only)."""

    page_url = forms.CharField(
        label="Web address",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://…", "inputmode": "url"}),
    )

    def clean_page_url(self):
        from articles.fetch import FetchRefused, parse_target

        url = self.cleaned_data["page_url"].strip()
        try:
            parse_target(url)
        except FetchRefused as refused:
            raise forms.ValidationError(str(refused), code="invalid") from None
        return url
