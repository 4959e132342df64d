"""The matcher's evidence, stored as English keys in a suggestion's JSON, labelled in the
page's language.

articles.extraction.matching is plain Python and never imports Django: it writes keys
(`figures`, `days_apart`, a veto's English reason); the labels are chosen here, at display
time, so a suggestion stored yesterday reads in whichever language the reader uses today.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

# One label per key of `matching.compare`'s evidence that a page shows. A key not listed
# here is shown as its key.
EVIDENCE_LABELS = {
    "figures": _("Same figures"),
    "places": _("Same places and actors"),
    "events": _("Same events"),
    "origin_names": _("Same origin"),
    "source_names": _("Same sources in the chain"),
    "days_apart": pgettext_lazy("evidence", "Published"),
    "text_similarity": _("Wording alike"),
    "cross_language": _("Languages"),
}

# Why the matcher refused a pair (`matching.compare`'s vetoes), stored in English.
VETOES = {
    "published too far apart": _("published too far apart"),
    "different figures": _("different figures"),
    "different events": _("different events"),
}


@register.simple_tag
def evidence_label(key: str) -> str:
    """The label of one evidence key, in the active language."""
    return EVIDENCE_LABELS.get(key, key)


@register.filter
def veto(reason: str) -> str:
    """A veto's stored English reason, in the active language (as stored if unknown)."""
    return VETOES.get(reason, reason)
