"""The source registry: loading the starter data, resolving names to sources."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

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


# --- aliases: saving them, refusing ambiguous ones, re-resolving the mentions -----------

# Above this many unresolved mentions, re-resolution runs as a background task.
RERESOLVE_INLINE_LIMIT = 5_000


class AliasRefused(ValueError):
    """An alias that cannot be saved, with the reason in a researcher's words."""


def parse_alias_lines(text: str) -> list[tuple[str, str]]:
    """`alias | language` lines -> [(alias, language)], blank and unnameable lines skipped."""
    lines = []
    for line in (text or "").splitlines():
        alias, _, language = line.partition("|")
        alias = " ".join(alias.split())[:300]
        if alias and normalize_mention(alias):
            lines.append((alias, language.strip()[:8]))
    return lines


def _name_words() -> dict[str, set[str]]:
    """Each word of a person's name or alias -> the persons using it (`kim` -> the Kims).

    Only persons: an organisation's multi-word alias (`Pyongyang's state news agency`) is
    matched as a whole, so a shared word there makes no single-word alias ambiguous."""
    people = Source.objects.filter(kind=Source.Kind.OFFICIAL)
    words: dict[str, set[str]] = {}
    rows = SourceAlias.objects.filter(source__in=people).values_list("normalized", "source__name")
    for normalized, name in rows:
        for word in normalized.replace("-", " ").split():
            words.setdefault(word, set()).add(name)
    for name in people.values_list("name", flat=True):
        for word in normalize_mention(name).replace("-", " ").split():
            words.setdefault(word, set()).add(name)
    return words


def alias_problem(alias: str, source: Source | None) -> str | None:
    """Why `alias` cannot name `source` (None if it can).

    An alias another source already has would be claimed twice; a single word shared by
    the names of several persons (`Kim` for Kim Jong-un and Kim Yo-jong) would resolve
    every one of them to this source.
    """
    key = normalize_mention(alias)
    if not key:
        return _("“%(alias)s” has no letters to match.") % {"alias": alias}
    taken = SourceAlias.objects.filter(normalized=key).select_related("source")
    if source is not None and source.pk:
        taken = taken.exclude(source=source)
    other = taken.first()
    if other is not None:
        return _("“%(alias)s” already names %(name)s; an alias can name one source only.") % {
            "alias": alias,
            "name": other.source.name,
        }
    if " " not in key:
        own = source.name if source is not None else None
        sharing = sorted(n for n in _name_words().get(key, set()) if n != own)
        if own is not None and sharing:
            # the word is in this source's name too, or only in others': both ambiguous
            names = ", ".join(sharing[:4])
            return _(
                "“%(alias)s” is ambiguous: it is also part of the name of %(names)s. "
                "Use a fuller name (first name and surname, or a title)."
            ) % {"alias": alias, "names": names}
    return None


@dataclass
class AliasSync:
    """What saving a source's aliases did."""

    added: int = 0
    removed: int = 0
    renamed: int = 0
    resolved: int = 0  # mentions that now resolve to a source
    queued: bool = False  # re-resolution runs in the background

    def message(self) -> str:
        """A sentence for the page after the save."""
        if self.queued:
            return _("The mentions are being re-resolved in the background.")
        if self.resolved:
            n = self.resolved
            return ngettext("%(n)d mention now resolves.", "%(n)d mentions now resolve.", n) % {
                "n": n
            }
        return _("No existing mention changed.")


@transaction.atomic
def save_source(source: Source, aliases: list[tuple[str, str]]) -> AliasSync:
    """Save `source` with exactly these aliases (its name is always one), then re-resolve
    the unresolved mentions of the corpus. Raises AliasRefused for an ambiguous alias."""
    # only new aliases are checked: one the source already has was accepted before
    known = set(source.aliases.values_list("normalized", flat=True)) if source.pk else set()
    for alias, _language in aliases:
        if normalize_mention(alias) in known:
            continue
        problem = alias_problem(alias, source)
        if problem:
            raise AliasRefused(problem)
    source.save()
    sync = AliasSync()
    wanted = {normalize_mention(a): (a, lang) for a, lang in aliases}
    wanted.setdefault(normalize_mention(source.name), (source.name, ""))
    existing = {a.normalized: a for a in source.aliases.all()}
    for key, alias in existing.items():
        if key not in wanted:
            alias.delete()
            sync.removed += 1
    for key, (alias, language) in wanted.items():
        if key in existing:
            current = existing[key]
            if (current.alias, current.language) != (alias, language):
                current.alias, current.language = alias, language
                current.save()
                sync.renamed += 1
        else:
            SourceAlias.objects.create(source=source, alias=alias, language=language)
            sync.added += 1
    _reresolve_after_commit(sync)
    return sync


@transaction.atomic
def add_alias(source: Source, alias: str, language: str = "") -> AliasSync:
    """Add one alias to `source` (refused if ambiguous) and re-resolve the mentions."""
    alias = " ".join(alias.split())[:300]
    problem = alias_problem(alias, source)
    if problem:
        raise AliasRefused(problem)
    sync = AliasSync()
    if not source.aliases.filter(normalized=normalize_mention(alias)).exists():
        SourceAlias.objects.create(source=source, alias=alias, language=language[:8])
        sync.added = 1
    _reresolve_after_commit(sync)
    return sync


@transaction.atomic
def create_source(
    name: str, *, kind: str = "", country: str = "", role: str = "", aliases: list[str] = ()
) -> tuple[Source, AliasSync]:
    """A new registry source named `name` (refused if the name is taken or ambiguous as an
    alias), then the mentions re-resolved."""
    name = " ".join(name.split())[:200]
    if not name:
        raise AliasRefused(_("A source needs a name."))
    if Source.objects.filter(name__iexact=name).exists():
        raise AliasRefused(_("There is already a source called “%(name)s”.") % {"name": name})
    source = Source(
        name=name,
        kind=kind or Source.Kind.OTHER,
        country=country.strip().upper()[:2],
        role=role,
    )
    sync = save_source(source, [(a, "") for a in aliases if a])
    return source, sync


def _reresolve_after_commit(sync: AliasSync) -> None:
    """Re-resolve now when the corpus is small, else queue the work."""
    from articles.models import Attribution

    pending = Attribution.objects.filter(source__isnull=True).count()
    if pending > RERESOLVE_INLINE_LIMIT:
        from articles.tasks import reresolve_mentions_task

        transaction.on_commit(reresolve_mentions_task.enqueue)
        sync.queued = True
        return
    sync.resolved = reresolve_mentions()


def reresolve_mentions(batch: int = 2_000) -> int:
    """Give every unresolved mention whose text now resolves its registry source.

    Mentions that still resolve to nothing are left alone; resolved ones are never
    changed (a researcher may have set them), and neither is a mention that had a source
    once and lost it (a researcher cleared a wrong resolution). Returns how many changed.
    """
    from articles.models import Attribution
    from articles.services.extraction import registry_from_db

    registry = registry_from_db()
    by_name = {s.name: s.pk for s in Source.objects.only("pk", "name")}
    cleared = Attribution.history.filter(source_id__isnull=False).values("id")
    changed = 0
    last = 0
    while True:
        rows = list(
            Attribution.objects.filter(source__isnull=True, pk__gt=last)
            .exclude(pk__in=cleared)
            .order_by("pk")
            .only("pk", "mention")[:batch]
        )
        if not rows:
            break
        last = rows[-1].pk
        updates = []
        for row in rows:
            name = registry.resolve(row.mention)
            if name and name in by_name:
                row.source_id = by_name[name]
                updates.append(row)
        if updates:
            # with history rows, so the claim's history says when its source was found
            bulk_update_with_history(updates, Attribution, ["source"], batch_size=500)
            changed += len(updates)
    return changed
