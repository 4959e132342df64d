"""The browsable API documentation: Swagger UI from django-ninja's bundled static files
(no CDN), started by a static script under the page's CSP nonce."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over /api/v1/openapi.json; "Authorize" takes a personal token."""
    settings = {
        "url": reverse("api:openapi-json"),
        "layout": "BaseLayout",
        "deepLinking": True,
        "persistAuthorization": False,
    }
    return render(request, "api/docs.html", {"swagger_settings": settings})
