"""The desk's pages. Each feature module keeps its own patterns; they are joined here."""

from django.urls import path

from articles.views import articles, imports, sources

app_name = "articles"

urlpatterns = [
    path("", articles.article_list, name="article_list"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/raw/", articles.article_raw, name="article_raw"),
    path(
        "articles/<int:article_pk>/claims/<int:pk>/",
        articles.claim_detail,
        name="claim_detail",
    ),
    path("import/", imports.import_page, name="import"),
    path("import/files/", imports.import_files, name="import_files"),
    path("import/url/", imports.import_url_view, name="import_url"),
    path("import/jobs/<uuid:pk>/", imports.import_job, name="import_job"),
    path("articles/<int:pk>/removed/", imports.article_removed, name="article_removed"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/<slug:slug>/", sources.source_detail, name="source_detail"),
]
