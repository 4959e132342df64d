"""Django admin for the registry, the vocabulary, articles and claims."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.forms import GradeChangeCheck
from articles.models import (
    ApiToken,
    Article,
    Assignment,
    Attribution,
    Claim,
    ClaimLink,
    ClaimReview,
    ClaimStatus,
    ExportJob,
    ImportJob,
    Note,
    SavedSearch,
    Source,
    SourceAlias,
    Tag,
    Webhook,
    WebhookDelivery,
)
from articles.services.claims import ASSESSING_FIELDS, freeze_assessment


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ["alias", "language", "normalized"]
    readonly_fields = ["normalized"]


class SourceAdminForm(GradeChangeCheck, forms.ModelForm):
    """The admin's source form: a grade change that touches reviewed claims is confirmed."""

    class Meta:
        model = Source
        fields = [
            "name",
            "slug",
            "kind",
            "country",
            "role",
            "reliability",
            "description",
            "website",
            "is_collective",
            "is_active",
        ]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "role", "country", "reliability", "is_collective", "is_active"]
    list_filter = ["kind", "role", "country", "reliability", "is_collective", "is_active"]
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
    list_display = ["name", "slug", "colour", "order", "needs_review"]
    list_editable = ["order", "needs_review"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_at", "language", "input_kind", "imported_at"]
    list_filter = ["language", "input_kind", "publisher"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "imported_at"
    # The cleaned text and its paragraphs are what every claim's offsets index:
    # editing them here would silently move every highlight. Re-import instead.
    readonly_fields = [
        "text",
        "paragraphs",
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
        "version",
    ]
    exclude = ["raw_bytes"]
    raw_id_fields = ["publisher"]
    # URLs typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # the reader's metadata form then sees a colleague's edit
        super().save_model(request, obj, form, change)


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    raw_id_fields = ["source"]


class NoteInline(admin.StackedInline):
    model = Note
    extra = 0
    readonly_fields = ["author", "created", "modified"]


class ClaimAdminForm(forms.ModelForm):
    """The claim form carries the version it was opened at; a colleague's newer save wins
    a clear error instead of being overwritten (the same optimistic lock as the reader)."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = "__all__"  # noqa: DJ007 - ClaimAdmin chooses the fields shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = Claim.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            opened = data.get("opened_version")
            if opened is None or opened != current.first():
                raise forms.ValidationError(
                    _(
                        "A colleague changed this claim after you opened it. Open it again to "
                        "see their change, then re-apply yours."
                    ),
                    code="stale",
                )
        return data


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimAdminForm
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
    # The span is adjusted in the reader, which checks it against the text.
    readonly_fields = [
        "article",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "content_start",
        "content_end",
        "cue_start",
        "cue_end",
        "version",
        "created",
        "modified",
        "extractor_version",
        "confidence",
        "reviewed_reliability",
        "reviewed_at",
    ]
    inlines = [AttributionInline, NoteInline]

    def save_model(self, request, obj, form, change):
        if ASSESSING_FIELDS & set(form.changed_data):
            freeze_assessment(obj)  # as in the reader: the grade seen at review is kept
        if change:
            obj.version += 1
            obj.curated = True
        elif not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim", "author", "created"]
    raw_id_fields = ["from_claim", "to_claim"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "state", "processed", "total", "created_by", "created", "finished"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """API export jobs, to see what failed and why; the file itself is not shown."""

    list_display = ["id", "format", "state", "processed", "total", "size", "created_by",
                    "token_name", "created", "finished"]
    list_filter = ["state", "format"]
    exclude = ["data"]
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "data"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class DeskUserAdmin(UserAdmin):
    """Desk admins manage accounts and roles, but only a superuser grants superuser powers,
    per-user permissions, or touches a superuser's account."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their users; here an admin adjusts a rate limit or revokes one."""

    list_display = ["name", "user", "scope", "prefix", "rate_per_minute", "last_used", "revoked_at"]
    list_filter = ["scope"]
    fields = ["user", "name", "scope", "prefix", "rate_per_minute", "created", "last_used",
              "revoked_at"]
    readonly_fields = ["user", "name", "scope", "prefix", "created", "last_used"]

    def has_add_permission(self, request):
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "events", "is_active", "created_by", "created"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["webhook", "event", "state", "attempts", "response_code", "created"]
    list_filter = ["state", "event"]
    readonly_fields = ["webhook", "event", "payload", "state", "attempts", "response_code", "log",
                       "delivered_at"]


# -- the desk at work ---------------------------------------------------------------------------


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["claim", "assignee", "assigned_by", "blind", "created", "done_at"]
    list_filter = ["blind", "assignee"]
    raw_id_fields = ["claim"]


@admin.register(ClaimReview)
class ClaimReviewAdmin(admin.ModelAdmin):
    list_display = ["claim", "status", "proposed_by", "state", "reviewer", "decided_at"]
    list_filter = ["state"]
    raw_id_fields = ["claim"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared", "created"]
    list_filter = ["shared"]
