"""Watched feeds: admins add RSS/Atom feeds and see each one's last poll (researchers get 403)."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.models import WatchedFeed
from articles.roles import is_desk_admin
from articles.services.feeds import FeedRefused, add_feed, poll_feed


def admins_only(view):
    """403 for anyone but the desk's admins (login is required by the middleware)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_desk_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class FeedForm(forms.Form):
    url = forms.URLField(
        label=_("Feed address"), max_length=2000, assume_scheme="https",
        help_text=_("The RSS or Atom address (often ending in /rss, /feed or .xml)."),
    )  # fmt: skip


@admins_only
def feed_list(request: HttpRequest) -> HttpResponse:
    """The watched feeds with their last poll; a form adds one."""
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feed = add_feed(form.cleaned_data["url"], user=request.user)
        except FeedRefused as refused:
            form.add_error("url", str(refused))
        else:
            messages.success(
                request,
                gettext("Watching %(url)s; it is polled at the next run.") % {"url": feed.url},
            )
            return redirect("articles:feed_list")
    feeds = WatchedFeed.objects.all()
    return render(request, "articles/feed_list.html", {"feeds": feeds, "form": form})


@admins_only
@require_POST
def feed_poll(request: HttpRequest, pk: int) -> HttpResponse:
    """Poll one feed now and say what it brought."""
    feed = get_object_or_404(WatchedFeed, pk=pk)
    result = poll_feed(feed, user=request.user)
    if result.error:
        said = gettext("%(feed)s: %(error)s") % {"feed": feed, "error": result.error}
        messages.error(request, said)
    else:
        if result.status == "not_modified":
            said = gettext("%(feed)s: unchanged since the last poll.")
        elif result.failed:
            said = gettext(
                "%(feed)s: %(new)d new, %(known)d already on the desk, %(failed)d failed."
            )
        else:
            said = gettext("%(feed)s: %(new)d new, %(known)d already on the desk.")
        counts = {
            "feed": feed,
            "new": len(result.imported),
            "known": result.duplicates,
            "failed": len(result.failed),
        }
        messages.success(request, said % counts)
    return redirect("articles:feed_list")


@admins_only
@require_POST
def feed_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause or resume a feed's polling."""
    feed = get_object_or_404(WatchedFeed, pk=pk)
    feed.active = not feed.active
    feed.save(update_fields=["active"])
    said = gettext("%(feed)s: resumed.") if feed.active else gettext("%(feed)s: paused.")
    messages.success(request, said % {"feed": feed})
    return redirect("articles:feed_list")
