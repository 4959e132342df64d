"""URLs of the API and its documentation page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from articles.api.docs import api_docs
from articles.api.routes import api


def _token_only(patterns):
    """The API authenticates each request by token, not by the login session."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns


_patterns, _app, _namespace = api.urls
urlpatterns = [
    path("api/v1/", (_token_only(_patterns), _app, _namespace)),
    path("api/docs/", api_docs, name="api_docs"),
]
