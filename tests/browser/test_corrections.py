"""Correcting claims on the review page with the keyboard and the mouse, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.conftest import make_user
from tests.factories import SourceFactory
from tests.web.helpers import article_with_claims

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Selects the first occurrence of `text` in the article, as a reader's drag would.
SELECT = """(text) => {
  const article = document.getElementById("article-text");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def open_article(page: Any, live_server: Any, article: Any, claim: Any = None) -> None:
    query = f"?claim={claim.pk}" if claim else ""
    page.goto(f"{live_server.url}/articles/{article.pk}/{query}")
    page.wait_for_selector("#claim-panel[data-claim-id]")


def select(page: Any, text: str) -> None:
    assert page.evaluate(SELECT, text), text
    page.wait_for_timeout(150)  # selectionchange is dispatched asynchronously


def test_selected_text_becomes_a_claim_with_the_n_key(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2)
    page = log_in("rita")
    open_article(page, live_server, article)
    select(page, "drones hit Dovresk")
    expect(page.locator("#add-claim")).to_be_visible()
    page.keyboard.press("n")
    expect(page.locator("#panel-notice")).to_contain_text("Claim added")
    added = Claim.objects.get(origin=Claim.Origin.PERSON)
    assert added.text == "drones hit Dovresk"
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(added.pk))
    expect(page.locator(f"#item-{added.pk}")).to_be_visible()


def test_split_at_the_selection_then_merge_back(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2)
    claim = article.claims.order_by("start").first()
    page = log_in("rita")
    open_article(page, live_server, article, claim)
    page.click("#claim-edit summary")
    select(page, "drones hit")
    page.click("#split-claim")
    expect(page.locator("#panel-notice")).to_have_text("Claim split in two.")
    claim.refresh_from_db()
    assert claim.text.endswith("said 0")
    rest = Claim.objects.get(origin=Claim.Origin.PERSON)
    assert rest.text.startswith("drones hit Dovresk")

    page.keyboard.press("m")
    expect(page.locator("#panel-notice")).to_have_text("Claims merged.")
    claim.refresh_from_db()
    rest.refresh_from_db()
    assert claim.text == "Officials said 0 drones hit Dovresk (Port strikes)."
    assert rest.dismissed


def test_x_dismisses_and_restores_a_claim(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(3)
    claim = article.claims.order_by("start")[1]
    page = log_in("rita")
    open_article(page, live_server, article, claim)
    page.keyboard.press("x")
    expect(page.locator("#dismissed-note")).to_be_visible()
    expect(page.locator(f"#item-{claim.pk}")).to_have_class(
        "claim-item st-unreviewed dismissed is-selected"
    )
    page.keyboard.press("x")
    expect(page.locator("#panel-notice")).to_have_text("Restored.")
    claim.refresh_from_db()
    assert not claim.dismissed


def test_r_makes_the_selection_the_claims_span(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(1)
    claim = article.claims.get()
    page = log_in("rita")
    open_article(page, live_server, article, claim)
    select(page, "said 0 drones")
    page.keyboard.press("r")
    expect(page.locator("#panel-notice")).to_have_text("Span moved.")
    claim.refresh_from_db()
    assert claim.text == "said 0 drones"


def test_the_source_picker_answers_every_search(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    SourceFactory(name="Marta Ilyenko")
    SourceFactory(name="Oleg Varga")
    article = article_with_claims(1)
    page = log_in("rita")
    open_article(page, live_server, article)
    page.click(".source-fix summary")
    search = page.locator(".source-fix input[name=q]")
    results = page.locator(".source-results")
    search.fill("Ilyenko")
    expect(results).to_contain_text("Marta Ilyenko")
    search.fill("Varga")
    expect(results).to_contain_text("Oleg Varga")
    expect(results).not_to_contain_text("Marta Ilyenko")
    page.check(".source-results input[name=source_id]")
    page.fill(".attribution-fields input[name=cue]", "told reporters")
    page.click("#save-attribution")
    expect(page.locator("#panel-notice")).to_have_text("Attribution corrected.")
    claim = article.claims.get()
    assert (claim.source.name, claim.cue) == ("Oleg Varga", "told reporters")
