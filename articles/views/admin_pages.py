"""The admins' pages for the source registry and the tag vocabulary (researchers get 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from articles.forms import GradeChangeCheck
from articles.models import Source, SourceAlias, Tag
from articles.textnorm import normalize_mention


def _unused_name(form: forms.ModelForm, what: str) -> str:
    """The form's name, unless another row already has it (case aside)."""
    name = " ".join(form.cleaned_data["name"].split())
    others = type(form.instance)._default_manager.filter(name__iexact=name)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    taken = others.first()
    if taken is not None:
        raise forms.ValidationError(
            f"There is already a {what} called “{taken.name}”; use that one or pick another name."
        )
    return name


class SourceForm(GradeChangeCheck, forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One name per line; add the language after a bar: “agence d'Etat KCNA | fr”.",
    )

    class Meta:
        model = Source
        fields = [
            "name",
            "kind",
            "country",
            "reliability",
            "description",
            "website",
            "is_collective",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

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
        lines = []
        for line in self.cleaned_data.get("aliases", "").splitlines():
            alias, _, language = line.partition("|")
            alias = alias.strip()[:300]
            if alias and normalize_mention(alias):
                lines.append((alias, language.strip()[:8]))
        return lines

    @transaction.atomic
    def save(self, commit=True):
        source = super().save()
        wanted = {normalize_mention(a): (a, lang) for a, lang in self.alias_lines()}
        wanted.setdefault(normalize_mention(source.name), (source.name, ""))
        existing = {a.normalized: a for a in source.aliases.all()}
        for key, alias in existing.items():
            if key not in wanted:
                alias.delete()
        for key, (alias, language) in wanted.items():
            if key in existing:
                current = existing[key]
                if (current.alias, current.language) != (alias, language):
                    current.alias, current.language = alias, language
                    current.save()
            else:
                SourceAlias.objects.create(source=source, alias=alias, language=language)
        return source


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "colour", "description"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_name(self):
        return _unused_name(self, "tag")

    def clean_colour(self):
        colour = self.cleaned_data["colour"]
        if not (len(colour) == 7 and colour.startswith("#")):
            raise forms.ValidationError("A colour is #rrggbb.")
        return colour


@permission_required("articles.add_source", raise_exception=True)
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(request, f"Added “{source.name}” to the registry.")
        return redirect(source)
    return render(request, "articles/source_form.html", {"form": form})


@permission_required("articles.change_source", raise_exception=True)
def source_edit(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(request, f"Saved “{source.name}”.")
        return redirect(source)
    return render(request, "articles/source_form.html", {"form": form, "source": source})


@require_GET
def tag_list(request: HttpRequest) -> HttpResponse:
    """The tag vocabulary with how often each is used; admins edit it from here."""
    tags = Tag.objects.annotate(uses=Count("claims"))
    return render(request, "articles/tag_list.html", {"tags": tags})


@permission_required("articles.change_tag", raise_exception=True)
def tag_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    form = TagForm(request.POST or None, instance=tag)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved tag “{tag.name}”.")
        return redirect("articles:tag_list")
    return render(request, "articles/tag_form.html", {"form": form, "tag": tag})


@permission_required("articles.delete_tag", raise_exception=True)
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.annotate(uses=Count("claims")), pk=pk)
    if request.method == "POST":
        name = tag.name
        tag.delete()
        messages.success(request, f"Deleted tag “{name}”.")
        return redirect("articles:tag_list")
    return render(request, "articles/tag_delete.html", {"tag": tag})
