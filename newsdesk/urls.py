"""Newsdesk URLs: the desk's pages, accounts, the Django admin and the operations endpoints."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from newsdesk import views

admin.site.site_header = _("Newsdesk administration")
admin.site.site_title = _("Newsdesk admin")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.prometheus_metrics, name="metrics"),
    path("admin/", admin.site.urls),
    # The JavaScript strings in the page's language: a same-origin script, so the CSP's
    # script-src 'self' lets it in. Cached a day per language (cache_page keys on it).
    path(
        "jsi18n/",
        login_not_required(cache_page(86400)(JavaScriptCatalog.as_view(packages=["articles"]))),
        name="javascript-catalog",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("articles.api.urls")),
    path("", include("articles.urls")),
]
