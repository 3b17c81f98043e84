"""An editor's day: the drafts awaiting their sign-off, approving one, its public page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from claims.services.review import claim_update
from tests.browser.conftest import make_user
from tests.factories import COMPLETE_DRAFT
from tests.web.helpers import article_with_claims

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_goes_from_awaiting_my_sign_off_to_the_public_page(
    log_in: Any, live_server: Any, browser: Any
) -> None:
    rita = make_user("rita", "reviewer")
    make_user("ed", "editor")
    article = article_with_claims(3)
    claim = article.claims.order_by("start")[1]
    claim_update(
        claim_id=claim.pk,
        actor=rita,
        expected_version=1,
        claim_reviewed="Thirty-one drones were shot down overnight.",
        **COMPLETE_DRAFT,
    )

    page = log_in("ed")
    page.goto(f"{live_server.url}/queue/")
    page.select_option("select[name=workflow]", "awaiting_my_signoff")
    page.click(".filters button[type=submit]")
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator(".claimcell a").click()
    page.wait_for_selector(f"#claim-panel[data-claim-id='{claim.pk}']")
    expect(page.locator("#panel-state")).to_have_text("Awaiting editor sign-off")

    page.click("#signoff-approve")
    expect(page.locator("#panel-state")).to_contain_text("Published v1")
    public_path = page.get_attribute("#public-link", "href")
    assert public_path == f"/factchecks/{claim.pk}/"

    # A reader with no account.
    reader = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        public = reader.new_page()
        public.goto(f"{live_server.url}{public_path}")
        expect(public.locator("h1")).to_have_text("Thirty-one drones were shot down overnight.")
        expect(public.locator(".fc-rating")).to_have_text("False")
        expect(public.locator(".fc-rationale")).to_contain_text(COMPLETE_DRAFT["rationale"])
        jsonld = public.locator('script[type="application/ld+json"]').text_content()
        assert '"ClaimReview"' in (jsonld or "")
    finally:
        reader.close()


def test_moving_to_another_claim_with_unsaved_text_asks_first(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2)
    first, second = list(article.claims.order_by("start"))
    page = log_in("rita")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={first.pk}")
    page.wait_for_selector("#claim-panel[data-claim-id]")
    page.fill("#id_rationale", "Half-written thought")

    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.wait_for_timeout(500)
    assert dialogs
    assert "not saved" in dialogs[0]
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(first.pk))
    expect(page.locator("#id_rationale")).to_have_value("Half-written thought")

    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(second.pk))
