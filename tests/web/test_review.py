from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Check, Claim, ReviewEvent, Source
from claims.services.ingest import content_hash
from claims.views.articles import highlight_segments
from tests.factories import ArticleFactory, ClaimFactory, SourceAliasFactory, SourceFactory
from tests.web.helpers import HTMX, article_with_claims, client_for

pytestmark = pytest.mark.django_db

HOSTILE = (
    'Intro. <script>window.pwned = 1</script> The mayor said <img src=x onerror="alert(1)"> '
    "nothing & more."
)


def review(client: Client, claim: Claim, **data: Any) -> Any:
    payload = {"version": claim.version, "status": claim.status, "rationale": "", "evidence": ""}
    payload.update(data)
    return client.post(reverse("claims:claim_review", args=[claim.pk]), payload, **HTMX)


def hostile_article() -> tuple[Article, Claim]:
    article = ArticleFactory(body=HOSTILE, content_hash=content_hash(HOSTILE), status="ready")
    start = HOSTILE.index("<img")
    claim = ClaimFactory(article=article, text=HOSTILE[start:], start=start, end=len(HOSTILE))
    return article, claim


def test_article_text_and_claims_are_shown_escaped(reviewer_client: Client) -> None:
    article, _ = hostile_article()
    html = reviewer_client.get(reverse("claims:article_detail", args=[article.pk])).content
    assert b"<script>window.pwned" not in html
    assert b"<img src=x" not in html
    assert b"&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert b"&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_each_claim_is_highlighted_over_exactly_its_offsets(reviewer_client: Client) -> None:
    article = article_with_claims(3)
    html = reviewer_client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    for claim in article.claims.all():
        marked = re.search(rf'<mark id="hl-{claim.pk}"[^>]*>([^<]*)</mark>', html)
        assert marked is not None
        assert marked.group(1) == article.body[claim.start : claim.end]


def test_overlapping_claims_keep_the_text_whole_and_highlight_the_first() -> None:
    first = Claim(pk=1, start=0, end=10)
    overlapping = Claim(pk=2, start=5, end=15)
    body = "0123456789abcdefghij"
    segments = highlight_segments(body, [first, overlapping])
    assert "".join(s["text"] for s in segments) == body
    assert [s["claim"] for s in segments] == [first, None]


def test_a_processing_article_polls_its_progress_every_second(reviewer_client: Client) -> None:
    article = ArticleFactory(status=Article.Status.EXTRACTING)
    html = reviewer_client.get(reverse("claims:article_detail", args=[article.pk])).content
    assert b'hx-trigger="every 1s"' in html
    assert reverse("claims:article_progress", args=[article.pk]).encode() in html


def test_the_progress_partial_stops_polling_and_shows_claims_once_ready(
    reviewer_client: Client,
) -> None:
    article = article_with_claims(2)
    html = reviewer_client.get(
        reverse("claims:article_progress", args=[article.pk]), **HTMX
    ).content
    assert b"every 1s" not in html
    assert b'id="claim-items"' in html
    assert html.count(b'class="claim-item') == 2


def test_the_panel_shows_the_source_cue_and_check_results(reviewer_client: Client) -> None:
    article = article_with_claims(1)
    claim = article.claims.get()
    Check.objects.create(
        claim=claim,
        kind="corroboration",
        state=Check.State.DONE,
        result={
            "matches": [
                {
                    "claim_id": claim.pk,
                    "article_id": article.pk,
                    "article_title": "Ministry denies port strike",
                    "source_name": "Ministry",
                    "relation": "conflicting",
                    "score": 0.8,
                    "reasons": ["same place: Dovresk"],
                }
            ]
        },
    )
    Check.objects.filter(claim=claim, kind="quantities").update(
        result={
            "quantities": [{"text": "31 drones", "value": 31, "unit": "drones"}],
            "arithmetic": [{"message": "19 + 10 = 29: does not add up", "consistent": False}],
            "flags": ["parts add to 29, not the stated 31 drones"],
        }
    )
    html = reviewer_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    text = html.content.decode()
    assert claim.source.name in text
    assert reverse("claims:source_detail", args=[claim.source_id]) in text
    assert "parts add to 29, not the stated 31 drones" in text
    assert 'class="arith bad"' in text
    assert "Ministry denies port strike" in text
    assert "relation-conflicting" in text
    assert "Dovresk" in text


def test_the_panel_shows_dates_and_the_reason_a_date_is_left_unresolved(
    reviewer_client: Client,
) -> None:
    claim = article_with_claims(1).claims.get()
    Check.objects.update_or_create(
        claim=claim,
        kind="time",
        defaults={
            "state": Check.State.DONE,
            "result": {
                "expressions": [
                    {"text": "on 3 March 2026", "date_from": "2026-03-03", "date_to": "2026-03-03"}
                ],
                "unresolved": [
                    {
                        "text": "on Thursday",
                        "reason": "the article has no publication date to count from",
                    }
                ],
            },
        },
    )
    text = reviewer_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    html = text.content.decode()
    assert "2026-03-03" in html
    assert "no date: the article has no publication date to count from" in html
    assert "No dates." not in html


def test_the_panel_says_when_a_described_source_has_no_registry_entry(
    reviewer_client: Client,
) -> None:
    claim = ClaimFactory(attribution=Claim.Attribution.NAMED, source=None, mention="the ministry")
    html = reviewer_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    assert "not in the registry" in html.content.decode()


def test_saving_a_review_updates_the_claim_and_returns_the_panel_highlight_and_list_item(
    reviewer_client: Client, reviewer: Any
) -> None:
    claim = article_with_claims(1).claims.get()
    response = review(
        reviewer_client,
        claim,
        status="false",
        rationale="The ministry counted 12.",
        evidence="https://example.org/ministry\n\nhttps://example.org/photo",
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.rationale, claim.reviewed_by) == (
        "false",
        "The ministry counted 12.",
        reviewer,
    )
    assert claim.evidence == ["https://example.org/ministry", "https://example.org/photo"]
    html = response.content.decode()
    assert f'<mark id="hl-{claim.pk}" class="hl st-false' in html
    assert f'<li id="item-{claim.pk}" class="claim-item st-false' in html
    # The highlight, the list item and the article's counts are swapped in place.
    assert html.count('hx-swap-oob="true"') == 3
    assert re.search(r'id="article-progress" hx-swap-oob="true">.*?1 of 1', html, re.S)
    history = re.search(r'<ol class="history" id="history">(.*?)</ol>', html, re.S).group(1)
    assert 'unreviewed</span> → <span class="new">false' in history


def test_a_save_based_on_a_stale_version_is_refused_and_shows_the_newer_state(
    reviewer_client: Client, editor: Any
) -> None:
    claim = article_with_claims(1).claims.get()
    seen = claim.version
    client_for(editor).post(
        reverse("claims:claim_review", args=[claim.pk]),
        {"version": seen, "status": "accurate", "rationale": "Confirmed by the port."},
        **HTMX,
    )
    response = reviewer_client.post(
        reverse("claims:claim_review", args=[claim.pk]),
        {"version": seen, "status": "false", "rationale": "Mine."},
        **HTMX,
    )
    assert response.status_code == 409
    claim.refresh_from_db()
    assert (claim.status, claim.rationale) == ("accurate", "Confirmed by the port.")
    html = response.content.decode()
    assert "Someone else changed this claim" in html
    assert f'name="version" value="{claim.version}"' in html
    assert "Confirmed by the port." in html  # the newer values are shown
    assert "Mine." in html  # and what the reviewer typed is kept aside, not lost


def test_evidence_that_is_not_a_link_is_refused(reviewer_client: Client) -> None:
    claim = article_with_claims(1).claims.get()
    response = review(reviewer_client, claim, status="false", evidence="see the ministry")
    assert response.status_code == 422
    assert "Not a web address: see the ministry" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


def test_assign_to_me_sets_the_assignee(reviewer_client: Client, reviewer: Any) -> None:
    claim = article_with_claims(1).claims.get()
    response = reviewer_client.post(
        reverse("claims:claim_assign", args=[claim.pk]),
        {"version": claim.version, "assignee": reviewer.pk},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    assert f"@{reviewer.username}" in response.content.decode()


def test_a_claim_can_be_assigned_to_someone_else_and_unassigned(
    reviewer_client: Client, editor: Any
) -> None:
    claim = article_with_claims(1).claims.get()
    url = reverse("claims:claim_assign", args=[claim.pk])
    reviewer_client.post(url, {"version": claim.version, "assignee": editor.pk}, **HTMX)
    claim.refresh_from_db()
    assert claim.assignee == editor
    reviewer_client.post(url, {"version": claim.version, "assignee": ""}, **HTMX)
    claim.refresh_from_db()
    assert claim.assignee is None


def test_another_editor_signs_a_verdict_off_and_it_is_published(
    reviewer_client: Client, editor_client: Client, editor: Any
) -> None:
    claim = article_with_claims(1).claims.get()
    review(
        reviewer_client,
        claim,
        status="false",
        rationale="Wrong count.",
        evidence="https://evidence.example/port-log",
    )
    claim.refresh_from_db()
    panel = editor_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    # No reviewer's wording of the claim: the editor is told what the page will be headed with.
    assert 'id="no-claim-as-checked"' in panel.content.decode()
    response = editor_client.post(
        reverse("claims:claim_signoff", args=[claim.pk]),
        {"version": claim.version, "decision": "approve"},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.signed_off_by == editor
    assert "Published" in response.content.decode()
    assert claim.history.filter(field=ReviewEvent.Field.SIGNOFF).exists()


def test_an_editor_cannot_sign_off_their_own_verdict(editor_client: Client) -> None:
    claim = article_with_claims(1).claims.get()
    review(
        editor_client,
        claim,
        status="false",
        rationale="Wrong count.",
        evidence="https://evidence.example/port-log",
    )
    claim.refresh_from_db()
    response = editor_client.post(
        reverse("claims:claim_signoff", args=[claim.pk]),
        {"version": claim.version, "decision": "approve"},
        **HTMX,
    )
    assert response.status_code == 403
    assert "another editor signs it off" in response.content.decode()
    claim.refresh_from_db()
    assert claim.signed_off_at is None


def test_sending_a_verdict_back_needs_a_comment_and_reopens_it(
    reviewer_client: Client, editor_client: Client
) -> None:
    claim = article_with_claims(1).claims.get()
    review(
        reviewer_client,
        claim,
        status="false",
        rationale="Wrong count.",
        evidence="https://evidence.example/port-log",
    )
    claim.refresh_from_db()
    url = reverse("claims:claim_signoff", args=[claim.pk])
    refused = editor_client.post(url, {"version": claim.version, "decision": "return"}, **HTMX)
    assert "Say why the verdict goes back." in refused.content.decode()
    editor_client.post(
        url,
        {"version": claim.version, "decision": "return", "comment": "Source the count."},
        **HTMX,
    )
    claim.refresh_from_db()
    assert claim.review_state == Claim.ReviewState.SENT_BACK
    assert claim.history.get(field=ReviewEvent.Field.SIGNOFF).comment == "Source the count."
    # The reviewer sees why, in the panel.
    panel = reviewer_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    assert "Source the count." in panel.content.decode()
    assert 'id="sent-back"' in panel.content.decode()


def test_a_claims_source_can_be_pointed_at_another_registry_entry(
    reviewer_client: Client,
) -> None:
    claim = article_with_claims(1).claims.get()
    governor = SourceFactory(name="Marta Ilyenko", role="Governor")
    response = reviewer_client.post(
        reverse("claims:claim_source", args=[claim.pk]),
        {"version": claim.version, "source_id": governor.pk, "kind": "person"},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.source == governor
    event = claim.history.get(field=ReviewEvent.Field.SOURCE)
    assert event.new_value == "Marta Ilyenko"


def test_a_claims_source_can_be_a_new_registry_entry(reviewer_client: Client) -> None:
    claim = article_with_claims(1).claims.get()
    reviewer_client.post(
        reverse("claims:claim_source", args=[claim.pk]),
        {"version": claim.version, "new_name": "Oleg Varga", "kind": "person", "role": "Envoy"},
        **HTMX,
    )
    claim.refresh_from_db()
    assert (claim.source.name, claim.source.role) == ("Oleg Varga", "Envoy")
    assert Source.objects.filter(name="Oleg Varga").count() == 1


def test_the_source_picker_finds_entries_by_alias(reviewer_client: Client) -> None:
    alias = SourceAliasFactory(name="Governor Ilyenko", source__name="Marta Ilyenko")
    response = reviewer_client.get(reverse("claims:source_picker"), {"q": "governor il"}, **HTMX)
    assert f'value="{alias.source_id}"' in response.content.decode()


def test_rerunning_checks_queues_them_again(reviewer_client: Client, settings: Any) -> None:
    claim = article_with_claims(1).claims.get()
    response = reviewer_client.post(reverse("claims:claim_rerun", args=[claim.pk]), **HTMX)
    assert response.status_code == 200
    # Those read from the claim's stored facts are done at once; the rest wait for a task.
    states = {kind: state for kind, state in claim.checks.values_list("kind", "state")}
    assert {states.pop(k) for k in ("places", "quantities", "time")} == {Check.State.DONE}
    assert set(states.values()) == {Check.State.QUEUED}
    assert "Checks queued again." in response.content.decode()


def test_one_key_press_saves_a_rating_that_stays_in_progress_and_says_why(
    reviewer_client: Client,
) -> None:
    claim = article_with_claims(1).claims.get()
    response = review(reviewer_client, claim, status="false")
    html = response.content.decode()
    claim.refresh_from_db()
    assert claim.review_state == Claim.ReviewState.IN_PROGRESS
    assert "Awaiting editor sign-off" not in html
    assert "needs a rationale and evidence" in html


def test_the_claim_as_checked_is_saved_from_the_panel(reviewer_client: Client) -> None:
    claim = article_with_claims(1).claims.get()
    review(reviewer_client, claim, status="false", claim_reviewed="Thirty-one drones fell.")
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Thirty-one drones fell."


def test_a_published_claim_links_its_public_page_and_an_edit_keeps_it_public(
    reviewer_client: Client, editor_client: Client
) -> None:
    claim = article_with_claims(1).claims.get()
    review(
        reviewer_client,
        claim,
        status="false",
        rationale="Wrong count.",
        evidence="https://evidence.example/port-log",
    )
    claim.refresh_from_db()
    editor_client.post(
        reverse("claims:claim_signoff", args=[claim.pk]),
        {"version": claim.version, "decision": "approve"},
        **HTMX,
    )
    claim.refresh_from_db()
    response = review(reviewer_client, claim, status="accurate", rationale="Right after all.")
    html = response.content.decode()
    assert f'href="/factchecks/{claim.pk}/"' in html
    assert "v1 stays public" in html


def test_while_checks_run_the_claims_show_and_only_the_counts_poll(
    reviewer_client: Client,
) -> None:
    article = article_with_claims(2)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.VERIFYING)
    html = reviewer_client.get(reverse("claims:article_detail", args=[article.pk])).content
    assert b'id="claim-items"' in html
    assert b'id="processing"' not in html
    assert b"?part=counts" in html
    counts = reviewer_client.get(
        reverse("claims:article_progress", args=[article.pk]), {"part": "counts"}, **HTMX
    )
    assert b'id="article-progress"' in counts.content
    assert b"claim-items" not in counts.content
