"""Fill a database with N claims quickly (bulk_create), with what a claims list row joins:
articles, sources, reviewers, and some checks and review history. For benchmarks only."""

from __future__ import annotations

import datetime
import hashlib
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Article, Check, Claim, ReviewEvent, Source

CLAIMS_PER_ARTICLE = 8
SOURCES = 500
BATCH = 2000
PLACES = ["Dovresk", "Kalmin", "Lesnoye", "Varna Bay", "Ostrog", "Miren"]
CUES = ["said", "reported", "wrote", "told reporters", "announced"]
CHANNELS = ["on Telegram", "in a statement", "at a briefing", ""]
# Weighted as a newsroom's queue is: most claims are not reviewed yet.
STATUSES = (
    [Claim.Status.UNREVIEWED] * 5
    + [Claim.Status.IN_PROGRESS] * 2
    + [
        Claim.Status.ACCURATE,
        Claim.Status.MISLEADING,
        Claim.Status.FALSE,
        Claim.Status.UNVERIFIABLE,
        Claim.Status.NOT_CHECKABLE,
    ]
)
CHECK_KINDS = ["quantities", "dates", "corroboration"]


def seed(claims: int, *, rng_seed: int = 7) -> None:
    rng = random.Random(rng_seed)
    now = timezone.now()
    User = get_user_model()
    reviewers = []
    for i in range(6):
        user = User.objects.create_user(f"bench-reviewer-{i}", password=None)
        user.groups.add(Group.objects.get(name="editor" if i < 2 else "reviewer"))
        reviewers.append(user)
    sources = Source.objects.bulk_create(
        Source(
            name=f"Official {i}",
            kind=rng.choice(list(Source.Kind.values)),
            role=rng.choice(["Governor", "Minister", "Spokesperson", ""]),
            affiliation=rng.choice(PLACES),
        )
        for i in range(SOURCES)
    )
    n_articles = -(-claims // CLAIMS_PER_ARTICLE)
    articles = []
    for a in range(n_articles):
        sentences = [
            f"Officials in {rng.choice(PLACES)} {rng.choice(CUES)} that {rng.randint(2, 90)} "
            f"drones were shot down overnight, article {a} sentence {s}."
            for s in range(CLAIMS_PER_ARTICLE)
        ]
        body = " ".join(sentences)
        articles.append(
            Article(
                title=f"Strikes reported overnight ({a})",
                body=body,
                url=f"https://news.example.org/{a}",
                publisher="Bench Courier",
                published=datetime.date(2025, 1, 1) + datetime.timedelta(days=a % 365),
                content_hash=hashlib.sha256(body.encode()).hexdigest(),
                status=Article.Status.READY,
                extracted_at=now,
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=BATCH)

    rows = []
    for i in range(claims):
        article = articles[i // CLAIMS_PER_ARTICLE]
        s = i % CLAIMS_PER_ARTICLE
        sentences = article.body.split(". ")
        start = sum(len(x) + 2 for x in sentences[:s])
        text = sentences[s].rstrip(".") + "."
        status = rng.choice(STATUSES)
        reviewed = status not in (Claim.Status.UNREVIEWED, Claim.Status.IN_PROGRESS)
        signed = reviewed and rng.random() < 0.4
        named = rng.random() < 0.7
        rows.append(
            Claim(
                article=article,
                text=text,
                start=start,
                end=start + len(text),
                sentence_start=start,
                sentence_end=start + len(text),
                extraction_key=f"k{s}",
                attribution=Claim.Attribution.NAMED if named else Claim.Attribution.PUBLISHER,
                source=rng.choice(sources) if named else None,
                mention="Officials" if named else "",
                cue=rng.choice(CUES),
                channel=rng.choice(CHANNELS),
                checkworthiness=round(rng.random(), 3),
                confidence=round(rng.uniform(0.5, 1), 3),
                status=status,
                assignee=rng.choice(reviewers) if status != Claim.Status.UNREVIEWED else None,
                rationale="Matches the ministry's figures." if reviewed else "",
                evidence=[f"https://evidence.example.org/{i}"] if reviewed else [],
                reviewed_by=rng.choice(reviewers[2:]) if reviewed else None,
                reviewed_at=now if reviewed else None,
                signed_off_by=reviewers[0] if signed else None,
                signed_off_at=now if signed else None,
                version=3 if signed else 2 if reviewed else 1,
            )
        )
        if len(rows) == BATCH or i == claims - 1:
            _with_checks_and_history(Claim.objects.bulk_create(rows), rng, reviewers)
            rows = []


def _with_checks_and_history(claims: list[Claim], rng: random.Random, reviewers: list) -> None:
    checks, events = [], []
    for claim in claims:
        if rng.random() < 0.5:
            checks += [
                Check(
                    claim=claim,
                    kind=kind,
                    state=Check.State.DONE,
                    result={"ok": True},
                    attempts=1,
                    started_at=claim.created_at,
                    finished_at=claim.created_at,
                )
                for kind in CHECK_KINDS
            ]
        if claim.reviewed_at:
            events.append(
                ReviewEvent(
                    claim=claim,
                    actor=claim.reviewed_by,
                    field=ReviewEvent.Field.STATUS,
                    old_value=Claim.Status.UNREVIEWED,
                    new_value=claim.status,
                )
            )
    Check.objects.bulk_create(checks)
    ReviewEvent.objects.bulk_create(events)
