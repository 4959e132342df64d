"""Webhooks page (desk admins): register an address for claim events filtered by a saved
claims filter, and see every delivery with its response codes."""

from __future__ import annotations

from urllib.parse import parse_qsl

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.models import Webhook, WebhookDelivery
from articles.roles import is_desk_admin
from articles.services import webhooks as service


@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    """The desk's webhooks and their latest deliveries; POST registers one."""
    if not is_desk_admin(request.user):
        raise PermissionDenied(_("Only desk admins manage webhooks."))
    error, status = "", 200
    if request.method == "POST":
        query = request.POST.get("filter", "").strip().lstrip("?")
        try:
            webhook = service.register_webhook(
                request.user,
                url=request.POST.get("url", ""),
                events=request.POST.getlist("events"),
                filter_params=dict(parse_qsl(query)),
            )
        except service.WebhookError as refused:
            error, status = str(refused), 400
        else:
            messages.success(
                request,
                _("Registered %(url)s. Its signing secret: %(secret)s")
                % {"url": webhook.url, "secret": webhook.secret},
            )
            return redirect("articles:webhook_list")
    context = {
        "webhooks": list(Webhook.objects.all()),
        "deliveries": list(WebhookDelivery.objects.select_related("webhook")[:50]),
        "events": Webhook.Event.choices,
        "error": error,
        "form": request.POST if error else {},
    }
    return render(request, "articles/webhooks.html", context, status=status)
