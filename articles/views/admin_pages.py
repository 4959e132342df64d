"""The admins' pages for the source registry and the tag vocabulary (researchers get 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles import selectors
from articles.extraction.resolve import strip_determiner
from articles.forms import AliasFromMentionForm, SourceForm, SourceFromMentionForm, TagForm
from articles.models import Source, Tag
from articles.services import registry
from articles.textnorm import normalize_mention


@permission_required("articles.add_source", raise_exception=True)
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(
            request,
            _("Added “%(name)s” to the registry. %(sync)s")
            % {"name": source.name, "sync": form.sync.message()},
        )
        return redirect(source)
    return render(request, "articles/source_form.html", {"form": form})


@permission_required("articles.change_source", raise_exception=True)
def source_edit(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(
            request,
            _("Saved “%(name)s”. %(sync)s") % {"name": source.name, "sync": form.sync.message()},
        )
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
        messages.success(request, _("Saved tag “%(name)s”.") % {"name": tag.name})
        return redirect("articles:tag_list")
    return render(request, "articles/tag_form.html", {"form": form, "tag": tag})


@permission_required("articles.delete_tag", raise_exception=True)
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.annotate(uses=Count("claims")), pk=pk)
    if request.method == "POST":
        name = tag.name
        tag.delete()
        messages.success(request, _("Deleted tag “%(name)s”.") % {"name": name})
        return redirect("articles:tag_list")
    return render(request, "articles/tag_delete.html", {"tag": tag})


@permission_required("articles.change_source", raise_exception=True)
@require_GET
def source_suggestions(request: HttpRequest) -> HttpResponse:
    """Unresolved mentions across the corpus, most frequent first, to add to the registry."""
    mentions = selectors.unresolved_mentions()
    return render(
        request,
        "articles/source_suggestions.html",
        {
            "mentions": mentions,
            "sources": Source.objects.only("pk", "name"),
            "kinds": Source.Kind.choices,
            "roles": Source._meta.get_field("role").choices,
        },
    )


@permission_required("articles.change_source", raise_exception=True)
@require_POST
def source_suggestion_alias(request: HttpRequest) -> HttpResponse:
    """Add a suggested mention as an alias of an existing source; its claims re-resolve."""
    form = AliasFromMentionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the source this mention names."))
        return redirect("articles:source_suggestions")
    source, mention = form.cleaned_data["source"], form.cleaned_data["mention"]
    try:
        sync = registry.add_alias(source, strip_determiner(mention))
    except registry.AliasRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("“%(mention)s” is now an alias of %(name)s. %(sync)s")
            % {"mention": mention, "name": source.name, "sync": sync.message()},
        )
    return redirect("articles:source_suggestions")


@permission_required("articles.add_source", raise_exception=True)
@require_POST
def source_suggestion_new(request: HttpRequest) -> HttpResponse:
    """Add a suggested mention to the registry as a new source; its claims re-resolve."""
    form = SourceFromMentionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A new source needs a name and a kind."))
        return redirect("articles:source_suggestions")
    data = form.cleaned_data
    mention = strip_determiner(data["mention"])
    aliases = [mention] if normalize_mention(mention) != normalize_mention(data["name"]) else []
    try:
        source, sync = registry.create_source(
            data["name"],
            kind=data["kind"],
            country=data["country"],
            role=data["role"],
            aliases=aliases,
        )
    except registry.AliasRefused as refused:
        messages.error(request, str(refused))
        return redirect("articles:source_suggestions")
    messages.success(
        request,
        _("Added “%(name)s” to the registry. %(sync)s")
        % {"name": source.name, "sync": sync.message()},
    )
    return redirect("articles:source_suggestions")
