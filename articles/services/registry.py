"""The source registry: loading the starter data, resolving names to sources."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from articles.models import Source, SourceAlias
from articles.registry_data import STARTER_SOURCES
from articles.textnorm import normalize_mention


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    aliases_added: int = 0


@transaction.atomic
def load_starter_sources(entries: list[dict] | None = None) -> LoadSummary:
    """Upsert the starter registry: new sources and aliases are added; an admin's edits to
    an existing source's grade, kind, country or description are kept."""
    summary = LoadSummary()
    for entry in entries if entries is not None else STARTER_SOURCES:
        source, created = Source.objects.get_or_create(
            name=entry["name"],
            defaults={
                "kind": entry.get("kind", Source.Kind.OTHER),
                "country": entry.get("country", ""),
                "reliability": entry.get("reliability", "F"),
                "description": entry.get("description", ""),
                "website": entry.get("website", ""),
                "is_collective": entry.get("collective", False),
                "role": entry.get("role", ""),
            },
        )
        if created:
            summary.created += 1
        else:
            # a role or country the row lacks is filled in; an admin's value is kept
            missing = {
                field: entry[field]
                for field in ("role", "country")
                if entry.get(field) and not getattr(source, field)
            }
            if missing:
                Source.objects.filter(pk=source.pk).update(**missing)
                summary.updated += 1
        existing = set(source.aliases.values_list("normalized", flat=True))
        for alias, language in [(entry["name"], ""), *entry.get("aliases", [])]:
            key = normalize_mention(alias)
            if not key or key in existing:
                continue
            SourceAlias.objects.create(source=source, alias=alias, language=language)
            existing.add(key)
            summary.aliases_added += 1
    return summary


def find_source(name: str) -> Source | None:
    """The registry source whose name or alias matches `name` (case, accents and articles aside)."""
    key = normalize_mention(name)
    if not key:
        return None
    alias = SourceAlias.objects.filter(normalized=key).select_related("source").first()
    return alias.source if alias else None
