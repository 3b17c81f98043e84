from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.extraction import normalize_alias
from claims.models import Article, Claim, Source, SourceAlias
from claims.services.ingest import content_hash


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # roles are group rows; the user needs no save

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for name in extracted or []:
            # get_or_create: a transactional test before this one may have flushed the
            # groups that migration 0002 makes.
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"Officials reported {n} drones over the region overnight.")
    publisher = "Harbour Courier"
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.body))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = Source.Kind.PERSON


class SourceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceAlias

    source = factory.SubFactory(SourceFactory)
    name = factory.LazyAttribute(lambda a: a.source.name)
    normalized = factory.LazyAttribute(lambda a: normalize_alias(a.name))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    text = factory.LazyAttribute(lambda c: c.article.body)
    start = 0
    end = factory.LazyAttribute(lambda c: len(c.text))
    sentence_start = 0
    sentence_end = factory.LazyAttribute(lambda c: len(c.text))


# What a reviewer fills in for a draft to go to an editor: a verdict, a rationale, and
# evidence (the default scale asks for it on "false").
COMPLETE_DRAFT = {
    "status": "false",
    "rationale": "The port authority's own log lists 14 drones, not 31.",
    "evidence": ["https://evidence.example/port-log"],
}
