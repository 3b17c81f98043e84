"""Builders shared by the web and browser tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from claims.models import Article, Check, Claim, ReviewEvent
from claims.services.ingest import content_hash
from tests.factories import ArticleFactory, SourceFactory


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


HTMX = {"HTTP_HX_REQUEST": "true"}


def article_with_claims(
    n: int, *, title: str = "Port strikes", publisher: str = "Harbour Courier", **extra: Any
) -> Article:
    """A ready article of `n` sentences, each one a claim with a source, checks and history."""
    sentences = [f"Officials said {i} drones hit Dovresk ({title})." for i in range(n)]
    body = "\n".join(sentences)
    article = ArticleFactory(
        title=title,
        body=body,
        publisher=publisher,
        content_hash=content_hash(body),
        status=Article.Status.READY,
        **extra,
    )
    sources = [SourceFactory(name=f"{title} official {k}") for k in range(3)]
    position = 0
    claims = []
    for i, sentence in enumerate(sentences):
        claims.append(
            Claim(
                article=article,
                text=sentence,
                start=position,
                end=position + len(sentence),
                sentence_start=position,
                sentence_end=position + len(sentence),
                source=sources[i % 3],
                mention=sources[i % 3].name,
                cue="said",
                checkworthiness=(i % 10) / 10,
            )
        )
        position += len(sentence) + 1
    claims = Claim.objects.bulk_create(claims)
    Check.objects.bulk_create(
        Check(
            claim=claim,
            kind=kind,
            state=Check.State.DONE,
            result=result,
        )
        for claim in claims
        for kind, result in (
            ("quantities", {"quantities": [{"text": "12 drones", "value": 12}], "flags": []}),
            ("places", {"places": [{"name": "Dovresk", "kind": "city"}]}),
        )
    )
    ReviewEvent.objects.bulk_create(
        ReviewEvent(claim=claim, field="status", old_value="", new_value="unreviewed")
        for claim in claims
    )
    return article
