"""Reads of captured evidence: each link with its capture, who may download a snapshot,
the texts checks read, and the proof that stored files still hash as recorded."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from claims.checks import ClaimInput, EvidenceText
from claims.models import Article, Claim, EvidenceCapture, Verdict
from claims.outbound import archive

NOT_CAPTURED = "not_captured"  # a link saved before captures existed


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence link as cited, with its capture when it has one."""

    url: str
    capture: EvidenceCapture | None

    @property
    def status(self) -> str:
        return self.capture.status if self.capture is not None else NOT_CAPTURED

    @property
    def captured(self) -> bool:
        return self.capture is not None and self.capture.status == EvidenceCapture.Status.CAPTURED

    @property
    def snapshot_path(self) -> str:
        return snapshot_path(self.capture.pk) if self.captured and self.capture else ""


def captures_prefetch() -> Prefetch:
    """A claim's captures without their texts, for lists and panels."""
    return Prefetch("captures", queryset=EvidenceCapture.objects.defer("text").order_by("id"))


def evidence_items(urls: Iterable[str], captures: Iterable[EvidenceCapture]) -> list[EvidenceItem]:
    """Each of `urls` (a claim's or a verdict's evidence) with the claim's capture of it."""
    by_url = {capture.url: capture for capture in captures}
    return [EvidenceItem(url=url, capture=by_url.get(url)) for url in urls]


def claim_evidence(claim: Claim) -> list[EvidenceItem]:
    """The draft's evidence with captures (from `captures_prefetch` when loaded)."""
    return evidence_items(claim.evidence, claim.captures.all())


def verdict_evidence(verdict: Verdict) -> list[EvidenceItem]:
    captures = EvidenceCapture.objects.defer("text").filter(
        claim_id=verdict.claim_id, url__in=verdict.evidence
    )
    return evidence_items(verdict.evidence, captures)


def snapshot_path(capture_id: int) -> str:
    return reverse("api:evidence-snapshot", args=[capture_id])


def capture_for_snapshot(capture_id: int) -> EvidenceCapture | None:
    return (
        EvidenceCapture.objects.defer("text")
        .filter(pk=capture_id, status=EvidenceCapture.Status.CAPTURED)
        .first()
    )


def capture_is_public(capture: EvidenceCapture) -> bool:
    """Whether a version of the claim's verdict that was published cites the link: its
    fact-check page links the snapshot for anyone."""
    cited = Verdict.objects.filter(claim_id=capture.claim_id).values_list("evidence", flat=True)
    return any(capture.url in (evidence or []) for evidence in cited)


def capture_file(capture: EvidenceCapture) -> Path:
    return Path(settings.EVIDENCE_DIR) / capture.warc_path


def article_captures(article: Article) -> QuerySet[EvidenceCapture]:
    """Every captured link of the article's claims, claim by claim."""
    return (
        EvidenceCapture.objects.defer("text")
        .filter(claim__article=article, status=EvidenceCapture.Status.CAPTURED)
        .order_by("claim__start", "claim_id", "id")
    )


def cited_urls(claim_id: int) -> set[str]:
    """The links the claim cites: its draft's evidence and its public verdict's."""
    return _cited_urls([claim_id]).get(claim_id, set())


def _cited_urls(claim_ids: Iterable[int]) -> dict[int, set[str]]:
    rows = Claim.objects.filter(pk__in=claim_ids).values(
        "pk", "evidence", "published_verdict__evidence"
    )
    cited: dict[int, set[str]] = {}
    for values in rows:
        urls = cited.setdefault(values["pk"], set())
        urls.update(values["evidence"] or [])
        urls.update(values["published_verdict__evidence"] or [])
    return cited


def evidence_texts(claim: ClaimInput) -> list[EvidenceText]:
    """The main texts of the captured links the claim cites, then the article's own text."""
    return [
        *cited_evidence_texts([claim.claim_id]).get(claim.claim_id, []),
        article_text(claim.article_id),
    ]


def cited_evidence_texts(claim_ids: Iterable[int]) -> dict[int, list[EvidenceText]]:
    """The main texts of the captured links each claim cites, by claim, in two queries."""
    cited = _cited_urls(claim_ids)
    if not any(cited.values()):
        return {}
    captures = (
        EvidenceCapture.objects.filter(
            claim_id__in=list(cited), status=EvidenceCapture.Status.CAPTURED
        )
        .exclude(text="")
        .order_by("id")
    )
    texts: dict[int, list[EvidenceText]] = {}
    for capture in captures:
        if capture.url not in cited[capture.claim_id]:
            continue  # a link the claim no longer cites
        texts.setdefault(capture.claim_id, []).append(
            EvidenceText(
                where="evidence",
                url=capture.final_url or capture.url,
                title=capture.title,
                text=capture.text,
                captured_at=capture.captured_at.isoformat() if capture.captured_at else "",
            )
        )
    return texts


def article_text(article_id: int) -> EvidenceText:
    """The article's own text, as a claim is checked against it."""
    return article_evidence(Article.objects.only("body", "url", "title").get(pk=article_id))


def article_evidence(article: Article) -> EvidenceText:
    return EvidenceText(where="article", url=article.url, title=article.title, text=article.body)


@dataclass(frozen=True)
class Verification:
    capture: EvidenceCapture
    ok: bool
    problem: str = ""
    actual: str = ""


def evidence_verify(captures: QuerySet[EvidenceCapture] | None = None) -> Iterator[Verification]:
    """Each captured link's stored body hashed again and compared with the hash recorded
    when it was captured."""
    if captures is None:
        captures = EvidenceCapture.objects.defer("text").filter(
            status=EvidenceCapture.Status.CAPTURED
        )
    for capture in captures.order_by("id").iterator(chunk_size=500):
        path = capture_file(capture)
        try:
            actual = archive.payload_sha256(path)
        except FileNotFoundError:
            yield Verification(
                capture, ok=False, problem=f"the file {capture.warc_path} is missing"
            )
            continue
        except Exception as exc:  # a damaged file: report it and go on with the rest
            yield Verification(capture, ok=False, problem=f"the file cannot be read ({exc})")
            continue
        if actual != capture.sha256:
            yield Verification(
                capture, ok=False, problem="the stored bytes hash differently", actual=actual
            )
        else:
            yield Verification(capture, ok=True, actual=actual)


def evidence_files_orphaned(*, older_than: datetime.timedelta) -> list[Path]:
    """The WARC files under EVIDENCE_DIR that no capture holds: their claim or article was
    deleted, or an attempt failed part way. Only files last written more than
    `older_than` ago, so that a capture under way is never among them."""
    root = Path(settings.EVIDENCE_DIR)
    if not root.is_dir():
        return []
    held = set(EvidenceCapture.objects.exclude(warc_path="").values_list("warc_path", flat=True))
    cutoff = time.time() - older_than.total_seconds()
    return sorted(
        path
        for path in root.rglob("*.warc.gz")
        if path.is_file()
        and str(path.relative_to(root)) not in held
        and path.stat().st_mtime < cutoff
    )
