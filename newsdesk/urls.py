"""Newsdesk URLs: the desk's pages, accounts and the Django admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Newsdesk administration"
admin.site.site_title = "Newsdesk admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("articles.api.urls")),
    path("", include("articles.urls")),
]
