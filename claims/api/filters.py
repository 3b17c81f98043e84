from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from claims.models import Article, Claim, Source


class ArticleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    publisher = django_filters.CharFilter(lookup_expr="iexact")
    published_after = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published", lookup_expr="lte")

    class Meta:
        model = Article
        fields = ["status", "publisher", "published_after", "published_before"]


class ClaimFilter(django_filters.FilterSet):
    article = django_filters.NumberFilter(field_name="article_id")
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    source = django_filters.NumberFilter(field_name="source_id")
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    unassigned = django_filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")
    checkworthiness_min = django_filters.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte"
    )
    checkworthiness_max = django_filters.NumberFilter(
        field_name="checkworthiness", lookup_expr="lte"
    )
    published = django_filters.BooleanFilter(method="filter_published")
    stale = django_filters.BooleanFilter()
    dismissed = django_filters.BooleanFilter()

    class Meta:
        model = Claim
        fields = ["article", "status", "source", "assignee", "stale", "dismissed"]

    def filter_published(self, queryset: QuerySet[Claim], name: str, value: bool) -> QuerySet:
        return queryset.filter(published_verdict__isnull=not value)


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    reliability = django_filters.ChoiceFilter(choices=Source.Reliability.choices)
    confirmed = django_filters.BooleanFilter()
    include_merged = django_filters.BooleanFilter(method="filter_include_merged")

    class Meta:
        model = Source
        fields = ["kind", "reliability", "confirmed"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Sources merged into another are hidden unless asked for.
        if not self.form.cleaned_data.get("include_merged"):
            queryset = queryset.filter(merged_into__isnull=True)
        return super().filter_queryset(queryset)

    def filter_include_merged(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset
