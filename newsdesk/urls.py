"""Newsdesk URLs: the desk's pages, accounts, the Django admin and the operations endpoints."""

from django.contrib import admin
from django.urls import include, path

from newsdesk import views

admin.site.site_header = "Newsdesk administration"
admin.site.site_title = "Newsdesk admin"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.prometheus_metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("articles.api.urls")),
    path("", include("articles.urls")),
]
