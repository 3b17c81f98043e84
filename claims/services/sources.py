"""The source registry: who makes claims, found again by their aliases.

Extraction resolves each speaker to an entry here; admins confirm, correct, import and
merge entries. A merged entry records where it went, so later names land on the kept one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from claims import extraction
from claims.errors import NotFoundError, ServiceError
from claims.extraction.gazetteer import PRONOUNS
from claims.models import Article, Claim, ReviewEvent, Source, SourceAlias
from claims.selectors.sources import alias_is_generic

if TYPE_CHECKING:
    from django.contrib.auth.models import User


AliasIndex = dict[str, list[SourceAlias]]


def source_aliases_for(names: Iterable[str], *, article: Article | None = None) -> AliasIndex:
    """The aliases that may answer `source_lookup` of each of `names` in `article`, read in
    one query: pass them as `known` to look many names up without a query each."""
    normalized = {extraction.normalize_alias(n)[:300] for n in names} - {""}
    index: AliasIndex = {n: [] for n in normalized}
    for alias in _candidate_aliases(Q(normalized__in=normalized), article):
        index[alias.normalized].append(alias)
    return index


def _candidate_aliases(where: Q, article: Article | None) -> QuerySet[SourceAlias]:
    scope = (
        Q(article__isnull=True) if article is None else Q(article__isnull=True) | Q(article=article)
    )
    return SourceAlias.objects.select_related("source").filter(where, scope).order_by("pk")


def source_lookup(
    name: str, *, article: Article | None = None, known: AliasIndex | None = None
) -> Source | None:
    """The registry entry `name` refers to, or None: an alias held in `article` first (a
    description a reviewer resolved there), then an alias held everywhere. A description
    is looked up everywhere only among the aliases an admin entered on purpose.

    `known` (from `source_aliases_for`) answers without a query when it holds the name."""
    normalized = extraction.normalize_alias(name)[:300]
    if not normalized:
        return None
    if known is not None and normalized in known:
        aliases = known[normalized]
    else:
        aliases = list(_candidate_aliases(Q(normalized=normalized), article))
    alias = None
    if article is not None:
        alias = next((a for a in aliases if a.article_id == article.pk), None)
    if alias is None:
        everywhere = [a for a in aliases if a.article_id is None]
        if article is not None and not extraction.is_name(name):
            everywhere = [a for a in everywhere if a.origin == SourceAlias.Origin.ADMIN]
        alias = everywhere[0] if everywhere else None
    return source_follow_merges(alias.source) if alias is not None else None


def registry_name(name: str) -> str:
    """How a new entry made from a mention is named: without the article a sentence put
    before its description ("the Dovresk port authority", "The Dovresk port authority" are
    "Dovresk port authority"). Before a title, every word of it capitalised, "The" is part
    of the name ("The Guardian", "The Ministry of Defence") and stays. Aliases match with
    or without it."""
    name = " ".join(name.split())[:300]
    article, _, rest = name.partition(" ")
    described = any(w[:1].islower() and w not in _TITLE_MINOR_WORDS for w in rest.split())
    if rest and (article == "the" or (article == "The" and described)):
        return rest
    return name


# Words a title leaves in lower case ("Ministry of Defence").
_TITLE_MINOR_WORDS = {"of", "and", "for", "the", "on", "in", "at", "to", "de", "del", "la"}


def source_resolve(
    *,
    name: str,
    kind: str = Source.Kind.UNKNOWN,
    role: str = "",
    known: AliasIndex | None = None,
) -> Source:
    """The registry entry for the name `name`, matched by alias; a new unrated entry if
    there is none. A description ("the minister") is refused: it names no one everywhere.
    A new entry's alias joins `known`, when given."""
    normalized = extraction.normalize_alias(name)[:300]
    if not normalized:
        raise ServiceError("A source needs a name.", code="empty_source_name")
    found = source_lookup(name, known=known)
    if found is not None:
        return found
    if kind != Source.Kind.PUBLISHER and not extraction.is_name(name):
        raise ServiceError(
            f"{name.strip()!r} describes a source without naming it; say whose it is "
            '("Eastland\'s Ministry of the Interior", "Dovresk city council").',
            code="description_not_name",
        )
    try:
        # A savepoint: two workers may meet the same new name at once; the loser re-reads.
        with transaction.atomic():
            source = Source.objects.create(name=registry_name(name), kind=kind, role=role[:300])
            alias = SourceAlias.objects.create(
                source=source, name=name.strip()[:300], normalized=normalized
            )
    except IntegrityError:
        alias = SourceAlias.objects.select_related("source").get(
            normalized=normalized, article__isnull=True
        )
        source = source_follow_merges(alias.source)
    if known is not None:
        known.setdefault(normalized, []).append(alias)
    return source


def sources_resolve(
    wanted: Sequence[tuple[str, str, str]], *, known: AliasIndex
) -> dict[str, Source]:
    """`source_resolve` of many (name, kind, role) at once, by normalized name: the names
    not yet in the registry become entries together, in one statement for the entries and
    one for their aliases (with their history), not a few statements each."""
    found: dict[str, Source] = {}
    new: dict[str, tuple[str, str, str]] = {}
    for name, kind, role in wanted:
        normalized = extraction.normalize_alias(name)[:300]
        if not normalized or normalized in found or normalized in new:
            continue
        source = source_lookup(name, known=known)
        if source is not None:
            found[normalized] = source
        elif kind == Source.Kind.PUBLISHER or extraction.is_name(name):
            new[normalized] = (name, kind, role[:300])
    if not new:
        return found
    try:
        with transaction.atomic():
            sources = bulk_create_with_history(
                [
                    Source(name=registry_name(name), kind=kind, role=role)
                    for name, kind, role in new.values()
                ],
                Source,
            )
            aliases = bulk_create_with_history(
                [
                    SourceAlias(source=source, name=name.strip()[:300], normalized=normalized)
                    for (normalized, (name, _, _)), source in zip(new.items(), sources, strict=True)
                ],
                SourceAlias,
            )
    except IntegrityError:
        # Another worker made one of these names meanwhile: one at a time, re-reading.
        for normalized, (name, kind, role) in new.items():
            found[normalized] = source_resolve(name=name, kind=kind, role=role, known=known)
        return found
    for alias, source in zip(aliases, sources, strict=True):
        alias.source = source
        known.setdefault(alias.normalized, []).append(alias)
        found[alias.normalized] = source
    return found


def source_learn_mention(*, source: Source, mention: str, article: Article) -> SourceAlias | None:
    """Teach the registry that `mention` (in `article`) refers to `source`, within bounds:
    a name holds everywhere, a description only in its article, a pronoun nowhere. An
    alias that already points at another source is left as it is."""
    normalized = extraction.normalize_alias(mention)[:300]
    if not normalized or normalized in PRONOUNS:
        return None
    scope = None if extraction.is_name(mention) else article
    existing = SourceAlias.objects.filter(normalized=normalized, article=scope).first()
    if existing is not None:
        return existing if existing.source_id == source.pk else None
    return SourceAlias.objects.create(
        source=source,
        name=mention.strip()[:300],
        normalized=normalized,
        origin=SourceAlias.Origin.CORRECTION,
        article=scope,
    )


def source_follow_merges(source: Source) -> Source:
    """The entry a merged source now lives on (itself when it was never merged)."""
    seen = {source.pk}
    while source.merged_into_id is not None and source.merged_into_id not in seen:
        seen.add(source.merged_into_id)
        source = Source.objects.get(pk=source.merged_into_id)
    return source


def source_alias_add(*, source: Source, name: str) -> SourceAlias:
    normalized = extraction.normalize_alias(name)[:300]
    if not normalized:
        raise ServiceError("An alias needs a name.", code="empty_alias")
    existing = (
        SourceAlias.objects.filter(normalized=normalized, article__isnull=True)
        .select_related("source")
        .first()
    )
    if existing is not None:
        if existing.source_id == source.pk:
            return existing
        raise ServiceError(
            f"{name!r} is already an alias of {existing.source.name}.", code="alias_taken"
        )
    return SourceAlias.objects.create(
        source=source,
        name=name.strip()[:300],
        normalized=normalized,
        origin=SourceAlias.Origin.ADMIN,
    )


def source_alias_remove(*, alias_id: int, actor: User | None = None) -> None:
    """Remove one alias; a source keeps at least one, so extraction can still find it."""
    with transaction.atomic():
        alias = (
            SourceAlias.objects.select_for_update().select_related("source").filter(pk=alias_id)
        ).first()
        if alias is None:
            raise NotFoundError(f"No alias with id {alias_id}.")
        if not SourceAlias.objects.filter(source_id=alias.source_id).exclude(pk=alias_id).exists():
            raise ServiceError(f"{alias.source.name} needs at least one alias.", code="last_alias")
        alias._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        alias.delete()


def source_confirm(*, source_ids: Sequence[int], actor: User | None = None) -> int:
    """Mark sources that extraction created as checked by an admin; returns how many
    changed (merged sources and sources already confirmed are left alone)."""
    changed = 0
    with transaction.atomic():
        sources = Source.objects.select_for_update().filter(
            pk__in=source_ids, confirmed=False, merged_into__isnull=True
        )
        for source in sources.order_by("pk"):
            source.confirmed = True
            source._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
            source.save(update_fields=["confirmed", "updated_at"])
            changed += 1
    return changed


_SOURCE_FIELDS = frozenset(
    {"name", "kind", "role", "affiliation", "description", "reliability", "reliability_notes"}
    | {"confirmed"}
)


def _check_source_values(values: dict[str, Any]) -> None:
    unknown = set(values) - _SOURCE_FIELDS
    if unknown:
        raise ServiceError(f"Unknown source fields: {', '.join(sorted(unknown))}.")
    if "kind" in values and values["kind"] not in Source.Kind.values:
        raise ServiceError(f"Unknown source kind {values['kind']!r}.", code="invalid_kind")
    if "reliability" in values and values["reliability"] not in Source.Reliability.values:
        raise ServiceError("Unknown reliability rating.", code="invalid_reliability")
    if "name" in values and not str(values["name"]).strip():
        raise ServiceError("A source needs a name.", code="empty_source_name")


def source_create(*, name: str, aliases: Sequence[str] = (), **values: Any) -> Source:
    """A source an admin enters by hand: confirmed, found by its name and each alias."""
    values = {"confirmed": True, **values, "name": name.strip()[:300]}
    _check_source_values(values)
    with transaction.atomic():
        source = Source.objects.create(**values)
        for alias in [name, *aliases]:
            source_alias_add(source=source, name=alias)
    return source


def source_update(*, source_id: int, aliases: Sequence[str] = (), **values: Any) -> Source:
    """Change a source's fields and add aliases; a new name becomes an alias too, so
    extraction finds the source by it."""
    _check_source_values(values)
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(pk=source_id).first()
        if source is None:
            raise NotFoundError(f"No source with id {source_id}.")
        for field, value in values.items():
            setattr(source, field, value)
        source.save()
        for alias in [*([values["name"]] if "name" in values else []), *aliases]:
            source_alias_add(source=source, name=alias)
    return source


def source_merge(*, keep_id: int, other_ids: Sequence[int], actor: User | None = None) -> Source:
    """Fold duplicate sources into `keep`: their aliases and claims move to it, and each
    records where it went, so names resolved later land on the kept entry."""
    other_ids = sorted(set(other_ids) - {keep_id})
    if not other_ids:
        raise ServiceError("Name at least one other source to merge.", code="nothing_to_merge")
    with transaction.atomic():
        # Lock in id order so two concurrent merges cannot deadlock.
        rows = Source.objects.select_for_update().filter(pk__in=[keep_id, *other_ids])
        locked = {s.pk: s for s in rows.order_by("pk")}
        missing = [pk for pk in [keep_id, *other_ids] if pk not in locked]
        if missing:
            raise NotFoundError(f"No source with id {missing[0]}.")
        keep = locked[keep_id]
        if keep.merged_into_id is not None:
            raise ServiceError(
                f"{keep.name} was itself merged into another source.", code="merged_source"
            )
        moved = list(Claim.objects.filter(source_id__in=other_ids).select_related("source"))
        ReviewEvent.objects.bulk_create(
            ReviewEvent(
                claim=claim,
                actor=actor,
                field=ReviewEvent.Field.SOURCE,
                old_value=claim.source.name if claim.source else "",
                new_value=keep.name,
                comment="Sources merged.",
            )
            for claim in moved
        )
        Claim.objects.filter(source_id__in=other_ids).update(source=keep, updated_at=timezone.now())
        reason = f"Merged into {keep.name} (#{keep.pk})."[:100]
        aliases = list(SourceAlias.objects.filter(source_id__in=other_ids))
        generic = [a for a in aliases if alias_is_generic(a)]
        for alias in generic:
            alias._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
            alias._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
            alias.delete()
        moving = [a for a in aliases if a not in generic]
        for alias in moving:
            alias.source = keep
        # With history, so the audit shows where each alias went and who moved it.
        bulk_update_with_history(
            moving, SourceAlias, ["source"], default_user=actor, default_change_reason=reason
        )
        # A source made by hand may have no alias for its own name; without one, the next
        # article naming it would create a new entry instead of finding the kept one.
        for other_id in other_ids:
            other = locked[other_id]
            normalized = extraction.normalize_alias(other.name)[:300]
            taken = SourceAlias.objects.filter(normalized=normalized, article__isnull=True)
            if normalized and extraction.is_name(other.name) and not taken.exists():
                SourceAlias.objects.create(source=keep, name=other.name, normalized=normalized)
        earlier = list(Source.objects.filter(merged_into_id__in=other_ids))
        for source in earlier:
            source.merged_into = keep
        bulk_update_with_history(
            earlier, Source, ["merged_into"], default_user=actor, default_change_reason=reason
        )
        for other_id in other_ids:
            other = locked[other_id]
            other.merged_into = keep
            other._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
            other._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
            other.save(update_fields=["merged_into", "updated_at"])
    return keep
