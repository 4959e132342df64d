"""Personal API tokens: a user lists, creates and revokes their own tokens.

A new token's secret is shown once, on the page that answers the creation, and is
never stored (only its hash is).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import ApiToken
from articles.params import parse_id
from articles.services import tokens as service


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; POST creates one and shows its secret once."""
    context: dict = {"scopes": ApiToken.Scope.choices, "error": "", "secret": "", "created": None}
    status = 200
    if request.method == "POST":
        try:
            created, secret = service.create_token(
                request.user,
                name=request.POST.get("name", ""),
                scope=request.POST.get("scope", ApiToken.Scope.READ),
            )
        except service.TokenError as refused:
            context["error"], status = str(refused), 400
            context["name"] = request.POST.get("name", "")
        else:
            context["secret"], context["created"] = secret, created
    context["tokens"] = list(ApiToken.objects.filter(user=request.user))
    context["can_write"] = request.user.has_perm("articles.change_claim")
    response = render(request, "articles/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page may carry a secret
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens; it stops working at once."""
    try:
        token = service.revoke_token(request.user, parse_id(pk))
    except service.TokenError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Revoked the token “%(name)s”.") % {"name": token.name})
    return redirect("articles:token_list")
