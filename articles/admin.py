"""Django admin for the registry, the vocabulary, articles and claims."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import (
    Article,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    ImportJob,
    Note,
    Source,
    SourceAlias,
    Tag,
)


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["alias", "language", "normalized"]
    readonly_fields = ["normalized"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "reliability", "is_collective", "is_active"]
    list_filter = ["kind", "country", "reliability", "is_collective", "is_active"]
    search_fields = ["name", "aliases__alias", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "colour"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClaimStatus)
class ClaimStatusAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "order"]
    list_editable = ["order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_at", "language", "input_kind", "imported_at"]
    list_filter = ["language", "input_kind", "publisher"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "imported_at"
    readonly_fields = [
        "raw_input",
        "raw_filename",
        "raw_content_type",
        "input_kind",
        "content_hash",
        "parser_version",
        "extractor_version",
        "imported_by",
        "imported_at",
        "modified",
    ]
    exclude = ["raw_bytes"]
    raw_id_fields = ["publisher"]


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    raw_id_fields = ["source"]


class NoteInline(admin.StackedInline):
    model = Note
    extra = 0
    readonly_fields = ["author", "created", "modified"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "article",
        "status",
        "credibility",
        "origin",
        "is_rejected",
        "modified",
    ]
    list_filter = ["status", "origin", "stance", "cue_kind", "is_rejected", "direct_quote", "tags"]
    search_fields = ["quote", "attributions__mention"]
    raw_id_fields = ["article", "author"]
    filter_horizontal = ["tags"]
    readonly_fields = ["version", "created", "modified", "extractor_version", "confidence"]
    inlines = [AttributionInline, NoteInline]


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim", "author", "created"]
    raw_id_fields = ["from_claim", "to_claim"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "state", "processed", "total", "created_by", "created", "finished"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
