"""Reads of articles: lists with their review progress."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from claims.models import Article, Check, Claim

# A dismissed claim is no claim: it counts neither as a claim nor as reviewed.
_COUNTED = Q(claims__dismissed=False)


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("submitted_by").annotate(
        claim_count=Count("claims", filter=_COUNTED, distinct=True),
        reviewed_count=Count(
            "claims",
            filter=_COUNTED & ~Q(claims__status=Claim.Status.UNREVIEWED),
            distinct=True,
        ),
    )


def article_progress_list() -> QuerySet[Article]:
    """Articles with their review progress: claims, claims reviewed, checks done of all."""
    # Counting groups the rows, and a grouped query drops the model's default order.
    return (
        article_list()
        .order_by("-created_at", "-id")
        .annotate(
            check_count=Count("claims__checks", distinct=True),
            checks_done=Count(
                "claims__checks", filter=Q(claims__checks__state=Check.State.DONE), distinct=True
            ),
        )
    )


def article_search(*, query: str = "", status: str = "", publisher: str = "") -> QuerySet[Article]:
    """The articles list: review progress per article, searched and filtered."""
    articles = article_progress_list()
    if query:
        articles = articles.filter(
            Q(title__icontains=query) | Q(body__icontains=query) | Q(publisher__icontains=query)
        )
    if status:
        articles = articles.filter(status=status)
    if publisher:
        articles = articles.filter(publisher=publisher)
    return articles.order_by("-created_at", "-id")


def article_publishers() -> list[str]:
    return list(
        Article.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )


def article_progress(article_id: int) -> Article:
    """One article with its counts of claims reviewed and checks done."""
    return article_progress_list().get(pk=article_id)
