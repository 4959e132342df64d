"""Forms for the desk's pages."""

from __future__ import annotations

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Source, Tag
from articles.services import registry
from articles.services.imports import ImportRefused, check_input_size
from articles.textnorm import normalize_mention


class PasteForm(forms.Form):
    """Paste an article: the plain text, and the clipboard's HTML when the browser offers it."""

    text = forms.CharField(
        label=_("Article"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 14, "placeholder": _("Paste the whole article or web page here…")}
        ),
    )
    html = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    url = forms.URLField(
        label=_("Original URL (optional)"), required=False, assume_scheme="https"
    )
    # Set by the "Import as plain text" button the page offers when cleaning kept too little.
    as_text = forms.BooleanField(required=False, widget=forms.HiddenInput)

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
        label=_("Files"),
        required=False,
        help_text=_(
            ".txt, .html, .htm, .md, .pdf or .docx files, or a .zip of them (folders inside "
            "are fine)."
        ),
    )

    def clean_files(self):
        from django.conf import settings

        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(
                _(
                    "Choose one or more files (.txt, .html, .htm, .md, .pdf, .docx or .zip) to "
                    "import."
                ),
                code="empty",
            )
        limit = getattr(settings, "NEWSDESK_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
        total = sum(f.size or 0 for f in files)
        if total > limit:
            raise forms.ValidationError(
                _(
                    "These files come to %(total)s MB; one upload may be at most %(limit)s MB. "
                    "Upload them in several goes, or use the import_articles command."
                )
                % {
                    "total": formats.number_format(round(total / 1_048_576), 0),
                    "limit": formats.number_format(round(limit / 1_048_576), 0),
                },
                code="too_big",
            )
        return files


class UrlForm(forms.Form):
    """Import a web page by its address; the server fetches it (public addresses only)."""

    page_url = forms.CharField(
        label=_("Web address"),
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


class GradeChangeCheck(forms.Form):
    """Before a source's reliability grade changes, say how many reviewed claims it concerns.

    Mixed into the source forms of the registry page and of the Django admin: a change
    of grade that touches reviewed claims is refused once with the count, and saved
    when the admin ticks the confirmation and saves again.
    """

    confirm_grade_change = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label=_("Confirm the grade change")
    )

    def clean(self):
        data = super().clean()
        instance = getattr(self, "instance", None)
        new = data.get("reliability")
        if instance is None or instance.pk is None or not new or new == instance.reliability:
            return data
        from articles.services.claims import reviewed_claims_touched

        touched = reviewed_claims_touched(instance)
        if touched and not data.get("confirm_grade_change"):
            field = self.fields["confirm_grade_change"]
            field.widget = forms.CheckboxInput()
            grades = {"old": instance.reliability, "new": new}
            field.label = _("Yes, change the grade from %(old)s to %(new)s") % grades
            self.add_error(
                None,
                ngettext(
                    "%(count)d reviewed claim grades with %(name)s (reliability %(old)s). "
                    "It keeps the grade it was given at review and will show “source now "
                    "%(new)s” beside it. Tick “Yes, change the grade” below and save again "
                    "to confirm.",
                    "%(count)d reviewed claims grade with %(name)s (reliability %(old)s). "
                    "They keep the grade they were given at review and will show “source now "
                    "%(new)s” beside it. Tick “Yes, change the grade” below and save again "
                    "to confirm.",
                    touched,
                )
                % {"count": touched, "name": instance.name, **grades},
            )
        return data


class ArticleMetadataForm(forms.Form):
    """An article's editable metadata; dates are typed in the desk's time zone."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form had no article version; reload the page."),
            "invalid": _("The form had no article version; reload the page."),
        },
    )
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.TextInput(attrs={"size": 60})
    )
    lead = forms.CharField(
        label=_("Lead"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outlet = forms.CharField(
        label=_("Outlet"),
        required=False,
        max_length=300,
        help_text=_("A registry source (name or alias), or the outlet's name as written."),
        widget=forms.TextInput(attrs={"list": "outlet-names", "autocomplete": "off"}),
    )
    published_at = forms.DateTimeField(
        label=_("Published"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Give the publication date as 2025-12-27 14:01.")},
    )
    updated_at = forms.DateTimeField(
        label=_("Updated"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Give the update date as 2025-12-27 14:07.")},
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    url = forms.URLField(
        label=_("URL"), required=False, max_length=2000, assume_scheme="https",
        help_text=_("The original web address (http or https)."),
    )

    def __init__(self, *args, article=None, **kwargs):
        from articles.models import LANGUAGES

        if article is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": article.version,
                "title": article.title,
                "lead": article.lead,
                "outlet": article.outlet_name,
                "published_at": article.published_at,
                "updated_at": article.updated_at,
                "language": article.language,
                "url": article.url,
            }
        super().__init__(*args, **kwargs)
        choices = [("", _("not known")), *LANGUAGES]
        current = getattr(article, "language", "")
        if current and current not in dict(LANGUAGES):
            choices.append((current, current))  # a language the parser found, kept as it is
        self.fields["language"].choices = choices

    def clean_url(self):
        from articles.models import safe_http_url

        url = self.cleaned_data["url"]
        if url and not safe_http_url(url):
            raise forms.ValidationError(_("Give an http or https address."))
        return url


# --- the registry and the tag vocabulary (admins) ---------------------------------------


TAKEN = {
    "source": _("There is already a source called “%(name)s”; use that one or pick another name."),
    "tag": _("There is already a tag called “%(name)s”; use that one or pick another name."),
}


def _unused_name(form: forms.ModelForm, what: str) -> str:
    """The form's name, unless another row already has it (case aside)."""
    name = " ".join(form.cleaned_data["name"].split())
    others = type(form.instance)._default_manager.filter(name__iexact=name)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    taken = others.first()
    if taken is not None:
        raise forms.ValidationError(TAKEN[what] % {"name": taken.name})
    return name


class SourceForm(GradeChangeCheck, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One name per line; add the language after a bar: “agence d'Etat KCNA | fr”."),
    )

    class Meta:
        model = Source
        fields = [
            "name",
            "kind",
            "country",
            "role",
            "reliability",
            "description",
            "website",
            "is_collective",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "country": _("Country"),
            "role": _("Role"),
            "reliability": _("Reliability"),
            "description": _("Description"),
            "is_collective": _("Collective"),
            "is_active": _("Active"),
        }
        help_texts = {
            "country": _("ISO 3166 code, e.g. KP, KR, RU, UA; empty if none."),
            "is_collective": _("A group cited as one (e.g. 'Western intelligence agencies')."),
            "role": _(
                "What the source is in its country (intelligence service, defence ministry, "
                "president...). With the country, it resolves descriptions such as “South "
                "Korea's spy agency” or “le président ukrainien” when no alias matches."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["aliases"] = "\n".join(
                f"{a.alias} | {a.language}" if a.language else a.alias
                for a in self.instance.aliases.all()
            )

    def clean_name(self):
        return _unused_name(self, "source")

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def alias_lines(self) -> list[tuple[str, str]]:
        """The aliases typed, one (alias, language) per line."""
        return registry.parse_alias_lines(self.cleaned_data.get("aliases", ""))

    def clean_aliases(self):
        """Refuse an alias another source has, or one ambiguous given the registry."""
        text = self.cleaned_data.get("aliases", "")
        known = set()
        if self.instance.pk:
            known = set(self.instance.aliases.values_list("normalized", flat=True))
        problems = [
            problem
            for alias, _ in registry.parse_alias_lines(text)
            if normalize_mention(alias) not in known
            and (problem := registry.alias_problem(alias, self.instance))
        ]
        if problems:
            raise forms.ValidationError(problems)
        return text

    def save(self, commit=True):
        """Save the source and its aliases; `self.sync` says what the mentions did."""
        source = super().save(commit=False)
        self.sync = registry.save_source(source, self.alias_lines())
        return source


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "colour", "description"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"name": _("Name"), "colour": _("Colour"), "description": _("Description")}

    def clean_name(self):
        return _unused_name(self, "tag")

    def clean_colour(self):
        colour = self.cleaned_data["colour"]
        if not (len(colour) == 7 and colour.startswith("#")):
            raise forms.ValidationError(_("A colour is #rrggbb."))
        return colour


class AliasFromMentionForm(forms.Form):
    """Suggested sources: make an unresolved mention an alias of an existing source."""

    mention = forms.CharField(max_length=300)
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(), empty_label=_("Choose a source…")
    )


class SourceFromMentionForm(forms.Form):
    """Suggested sources: add an unresolved mention to the registry as a new source."""

    mention = forms.CharField(max_length=300)
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.OTHER)
    country = forms.CharField(max_length=2, required=False)
    role = forms.ChoiceField(
        choices=[("", "—"), *Source._meta.get_field("role").choices], required=False
    )
