"""The desk's pages. Each feature module keeps its own patterns; they are joined here."""

from django.urls import path

from articles.views import (
    admin_pages,
    articles,
    claims,
    desk,
    feeds,
    imports,
    language,
    reports,
    sources,
    stories,
    tokens,
    webhooks,
)

app_name = "articles"

urlpatterns = [
    path("", articles.article_list, name="article_list"),
    path("language/", language.set_language, name="set_language"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/raw/", articles.article_raw, name="article_raw"),
    path("articles/<int:pk>/metadata/", articles.article_metadata, name="article_metadata"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/",
        claims.claim_detail,
        name="claim_detail",
    ),
    # The researcher's workspace: claim panel edits, new claims, the claims page.
    path("articles/<int:pk>/claims/new/", claims.claim_create, name="claim_create"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/edit/", claims.claim_update, name="claim_update"
    ),
    path("articles/<int:article_pk>/claims/<int:pk>/span/", claims.claim_span, name="claim_span"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/tags/",
        claims.claim_tag_add,
        name="claim_tag_add",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/tags/<int:tag_pk>/remove/",
        claims.claim_tag_remove,
        name="claim_tag_remove",
    ),
    path("articles/<int:article_pk>/claims/<int:pk>/notes/", claims.note_add, name="note_add"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/notes/<int:note_pk>/",
        claims.note_edit,
        name="note_edit",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/notes/<int:note_pk>/delete/",
        claims.note_delete,
        name="note_delete",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/attributions/",
        claims.attribution_add,
        name="attribution_add",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/attributions/<int:attribution_pk>/",
        claims.attribution_edit,
        name="attribution_edit",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/attributions/<int:attribution_pk>/delete/",
        claims.attribution_delete,
        name="attribution_delete",
    ),
    path("articles/<int:article_pk>/claims/<int:pk>/links/", claims.link_add, name="link_add"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/links/<int:link_pk>/delete/",
        claims.link_delete,
        name="link_delete",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/notes/<int:note_pk>/resolve/",
        claims.note_resolve,
        name="note_resolve",
    ),
    # The desk at work: assignments, reviews, the queue, the inbox, saved searches.
    path(
        "articles/<int:article_pk>/claims/<int:pk>/assign/",
        desk.claim_assign,
        name="claim_assign",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/review/",
        desk.claim_review,
        name="claim_review",
    ),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/blind-grade/",
        desk.blind_grade,
        name="blind_grade",
    ),
    path("articles/<int:pk>/assign/", desk.article_assign, name="article_assign"),
    path("queue/", desk.queue, name="queue"),
    path("queue/<int:pk>/drop/", desk.assignment_drop, name="assignment_drop"),
    path("inbox/", desk.inbox, name="inbox"),
    path("inbox/read/", desk.inbox_read, name="inbox_read"),
    path("inbox/<int:pk>/", desk.notification_open, name="notification_open"),
    path("inbox/email/", desk.digest_preference, name="digest_preference"),
    path("people/", desk.people, name="people"),
    path("reviews/", desk.review_stats, name="review_stats"),
    path("searches/", desk.search_list, name="search_list"),
    path("searches/save/", desk.search_save, name="search_save"),
    path("searches/<int:pk>/<slug:action>/", desk.search_action, name="search_action"),
    path("feeds/searches/<str:token>.atom", desk.search_feed, name="search_feed"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/suggestions/<int:suggestion_pk>/",
        claims.suggestion_decide,
        name="suggestion_decide",
    ),
    path("stories/<int:pk>/", stories.story_detail, name="story_detail"),
    path("stories/<int:pk>/wording/", stories.story_update, name="story_update"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/bulk/", claims.claim_bulk, name="claim_bulk"),
    path("claims/pick/", claims.claim_picker, name="claim_picker"),
    path("claims/statuses.css", claims.status_css, name="status_css"),
    path("import/", imports.import_page, name="import"),
    path("import/files/", imports.import_files, name="import_files"),
    path("import/url/", imports.import_url_view, name="import_url"),
    path("import/jobs/<uuid:pk>/", imports.import_job, name="import_job"),
    path("feeds/", feeds.feed_list, name="feed_list"),
    path("feeds/<int:pk>/poll/", feeds.feed_poll, name="feed_poll"),
    path("feeds/<int:pk>/toggle/", feeds.feed_toggle, name="feed_toggle"),
    path("articles/<int:pk>/removed/", imports.article_removed, name="article_removed"),
    path("articles/<int:pk>/versions/", imports.article_versions, name="article_versions"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/new/", admin_pages.source_create, name="source_create"),
    path("sources/suggested/", admin_pages.source_suggestions, name="source_suggestions"),
    path(
        "sources/suggested/alias/",
        admin_pages.source_suggestion_alias,
        name="source_suggestion_alias",
    ),
    path("sources/suggested/new/", admin_pages.source_suggestion_new, name="source_suggestion_new"),
    path("sources/<slug:slug>/", sources.source_detail, name="source_detail"),
    path("sources/<slug:slug>/edit/", admin_pages.source_edit, name="source_edit"),
    path("tags/", admin_pages.tag_list, name="tag_list"),
    path("tags/<int:pk>/edit/", admin_pages.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/delete/", admin_pages.tag_delete, name="tag_delete"),
    # Reports and exports: the builder, its preview, the download.
    path("reports/", reports.report_builder, name="report_builder"),
    path("reports/preview/", reports.report_preview, name="report_preview"),
    path("reports/download/", reports.report_download, name="report_download"),
    # Personal API tokens.
    path("tokens/", tokens.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    # Webhooks (desk admins).
    path("webhooks/", webhooks.webhook_list, name="webhook_list"),
]
