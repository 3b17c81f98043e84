"""Submit an article in the browser and watch a real Celery worker take it to ready."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import Article
from tests.browser.conftest import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STORY = """Drones hit river port as talks stall

At least 14 drones struck the river port of Dovresk overnight, setting two fuel depots on fire, \
regional officials said on Tuesday.

The Ministry of Defence said on Telegram that air defences had shot down 31 drones over the \
Dovresk and Kalmin regions, 19 over Dovresk and 12 over Kalmin.

Governor Marta Ilyenko said three people were injured and that schools in the port district \
would stay closed until Thursday.
"""


def test_a_pasted_article_shows_its_progress_live_and_then_its_claims(
    celery_worker_process: Any, log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    page = log_in("rita")
    page.goto(f"{live_server.url}/articles/new/")
    page.fill("textarea[name=text]", STORY)
    page.fill("input[name=title]", "Drones hit river port")
    page.fill("input[name=publisher]", "Harbour Courier")
    page.fill("input[name=published]", "2026-03-10")
    page.get_by_role("button", name="Submit for extraction").click()
    page.wait_for_url(f"{live_server.url}/articles/*/")
    page.evaluate("window.sameDocument = true")

    # The progress partial is polled in place until the worker is done.
    expect(page.locator("#claim-items .claim-item").first).to_be_visible(timeout=90_000)
    expect(page.locator("#article-status")).to_have_text("Ready")
    expect(page.locator("#processing")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True  # no reload happened
    article = Article.objects.get()
    assert article.status == Article.Status.READY
    assert page.locator("#claim-items .claim-item").count() == article.claims.count()
    expect(page.locator("#article-text mark.hl").first).to_be_visible()
    expect(page.locator("#claim-panel")).to_have_attribute(
        "data-claim-id", str(article.claims.order_by("start", "id").first().pk)
    )
