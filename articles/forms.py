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
