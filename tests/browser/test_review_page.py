from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import Article, Claim
from claims.services.ingest import content_hash
from claims.services.review import claim_update
from tests.browser.conftest import make_user
from tests.factories import COMPLETE_DRAFT, ArticleFactory, ClaimFactory
from tests.web.helpers import article_with_claims

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_review(page: Any, live_server: Any, article: Article, claim: Claim | None = None) -> None:
    query = f"?claim={claim.pk}" if claim else ""
    page.goto(f"{live_server.url}/articles/{article.pk}/{query}")
    page.wait_for_selector("#claim-panel[data-claim-id]")


def selected(page: Any) -> str:
    return page.get_attribute("#claim-panel", "data-claim-id")


def background(page: Any, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")


def test_j_and_k_move_between_claims(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(4)
    claims = list(article.claims.order_by("start"))
    page = log_in("rita")
    open_review(page, live_server, article)
    assert selected(page) == str(claims[0].pk)

    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[1].pk))
    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[2].pk))
    page.keyboard.press("k")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[1].pk))
    expect(page.locator(f"#hl-{claims[1].pk}")).to_have_class("hl st-unreviewed is-selected")
    expect(page.locator(f"#item-{claims[0].pk}")).not_to_have_class("is-selected")


def test_marking_a_claim_false_by_keyboard_recolours_it_and_records_history(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(3)
    claim = article.claims.order_by("start")[1]
    page = log_in("rita")
    open_review(page, live_server, article, claim)
    page.evaluate("window.sameDocument = true")
    before = background(page, f"#hl-{claim.pk}")

    page.keyboard.press("e")
    page.keyboard.type("The port authority counted 12 drones.")
    page.keyboard.press("5")  # typed into the field, not a status key
    page.keyboard.press("Escape")
    page.keyboard.press("5")

    expect(page.locator("#panel-status")).to_have_text("False")
    expect(page.locator(f"#hl-{claim.pk}")).to_have_class("hl st-false is-selected")
    assert background(page, f"#hl-{claim.pk}") != before
    expect(page.locator(f"#item-{claim.pk} .badge")).to_have_text("False")
    expect(page.locator("#history")).to_contain_text("unreviewed → false")
    assert page.evaluate("window.sameDocument") is True  # saved without a reload
    claim.refresh_from_db()
    assert claim.status == "false"
    assert claim.rationale == "The port authority counted 12 drones.5"


def test_the_review_form_saves_a_rationale_and_evidence(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2)
    claim = article.claims.order_by("start")[0]
    page = log_in("rita")
    open_review(page, live_server, article)
    page.click("#review-form label.st-misleading")
    page.fill("#id_rationale", "Counts only one region.")
    page.fill("#id_evidence", "https://example.org/ministry")
    page.click("#save-review")
    expect(page.locator("#panel-notice")).to_have_text("Saved.")
    expect(page.locator("#claim-panel .evidence a")).to_have_text("https://example.org/ministry")
    claim.refresh_from_db()
    assert (claim.status, claim.evidence) == ("misleading", ["https://example.org/ministry"])


def test_a_assigns_the_claim_to_me(log_in: Any, live_server: Any) -> None:
    rita = make_user("rita", "reviewer")
    article = article_with_claims(2)
    page = log_in("rita")
    open_review(page, live_server, article)
    page.keyboard.press("a")
    expect(page.locator("#panel-assignee")).to_have_text("rita")
    assert article.claims.order_by("start")[0].assignee == rita


def test_question_mark_shows_the_keys_and_escape_hides_them(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(1)
    page = log_in("rita")
    open_review(page, live_server, article)
    expect(page.locator("#keys-help")).to_be_hidden()
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()
    expect(page.locator("#keys-help")).to_contain_text("Next / previous claim")
    page.keyboard.press("Escape")
    expect(page.locator("#keys-help")).to_be_hidden()


def test_another_editor_signs_the_verdict_off(log_in: Any, live_server: Any) -> None:
    rita = make_user("rita", "reviewer")
    make_user("ed", "editor")
    article = article_with_claims(2)
    claim = article.claims.order_by("start")[0]
    claim_update(claim_id=claim.pk, actor=rita, expected_version=1, **COMPLETE_DRAFT)

    reviewer_page = log_in("rita")
    open_review(reviewer_page, live_server, article, claim)
    expect(reviewer_page.locator("#signoff-approve")).to_have_count(0)

    editor_page = log_in("ed")
    open_review(editor_page, live_server, article, claim)
    editor_page.fill(".signoff textarea[name=comment]", "Checked the count.")
    editor_page.click("#signoff-approve")
    expect(editor_page.locator("#panel-state")).to_contain_text("signed off by ed")
    expect(editor_page.locator("#history")).to_contain_text("approved false")
    expect(editor_page.locator(f"#item-{claim.pk} .published")).to_be_visible()
    claim.refresh_from_db()
    assert claim.signed_off_by.username == "ed"


def test_the_second_of_two_concurrent_saves_is_refused_and_shows_the_newer_state(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    make_user("ed", "editor")
    article = article_with_claims(2)
    claim = article.claims.order_by("start")[0]
    first, second = log_in("rita"), log_in("ed")
    open_review(first, live_server, article, claim)
    open_review(second, live_server, article, claim)

    first.click("#review-form label.st-accurate")
    first.fill("#id_rationale", "Confirmed by the port authority.")
    first.click("#save-review")
    expect(first.locator("#panel-notice")).to_have_text("Saved.")

    second.click("#review-form label.st-false")
    second.fill("#id_rationale", "The ministry says otherwise.")
    second.click("#save-review")
    expect(second.locator("#panel-error")).to_contain_text("Someone else changed this claim")
    expect(second.locator("#panel-status")).to_have_text("Accurate")
    expect(second.locator("#id_rationale")).to_have_value("Confirmed by the port authority.")
    expect(second.locator(".unsaved")).to_contain_text("The ministry says otherwise.")
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("accurate", 2)
    assert second.get_attribute("#claim-panel", "data-version") == "2"


HOSTILE = (
    "Officials said the port was calm. "
    "<script>window.pwned = true; alert('script')</script> "
    'The mayor said <img src=x onerror="window.pwned = true; alert(1)"> repairs began.'
)


def test_markup_in_an_article_is_shown_as_text_and_never_runs(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article = ArticleFactory(body=HOSTILE, content_hash=content_hash(HOSTILE), status="ready")
    start = HOSTILE.index("The mayor")
    ClaimFactory(article=article, text=HOSTILE[start:], start=start, end=len(HOSTILE))
    page = log_in("rita")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_review(page, live_server, article)
    page.wait_for_timeout(500)  # give an injected handler time to fire, were there one
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    assert page.locator("#article-text script").count() == 0
    assert page.locator("#article-text img").count() == 0
    expect(page.locator("#article-text")).to_contain_text("<img src=x onerror=")
    expect(page.locator("#claim-panel .claim-text")).to_contain_text("<img src=x")


def hold_review_saves(page: Any, claim: Claim) -> list[Any]:
    """Saves of `claim`'s review stop on their way to the server until the test lets them
    go (`route.continue_()`): the latency a reviewer types into."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    page.route(f"**/claims/{claim.pk}/review/", hold)
    return held


def wait_for(page: Any, held: list[Any]) -> None:
    for _ in range(200):
        if held:
            return
        page.wait_for_timeout(25)
    raise AssertionError("the save never left the page")


def test_text_typed_while_a_keyboard_save_is_on_its_way_is_kept_in_the_new_form(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2)
    claim = article.claims.order_by("start")[0]
    page = log_in("rita")
    open_review(page, live_server, article, claim)
    held = hold_review_saves(page, claim)

    page.keyboard.press("6")
    wait_for(page, held)
    page.keyboard.press("e")
    page.keyboard.type("No register of the drones")
    held[0].continue_()
    expect(page.locator("#panel-status")).to_have_text("Unverifiable")
    page.keyboard.type(" exists.")  # the caret stayed in the field

    expect(page.locator("#id_rationale")).to_have_value("No register of the drones exists.")
    expect(page.locator("#panel-kept")).to_contain_text("not saved yet")
    claim.refresh_from_db()
    assert (claim.status, claim.rationale, claim.version) == ("unverifiable", "", 2)

    page.unroute(f"**/claims/{claim.pk}/review/")
    page.click("#save-review")
    expect(page.locator("#claim-panel")).to_have_attribute("data-version", "3")
    expect(page.locator("#panel-kept")).to_have_count(0)
    claim.refresh_from_db()
    assert (claim.status, claim.rationale) == ("unverifiable", "No register of the drones exists.")


def test_text_typed_while_a_save_runs_into_a_conflict_is_shown_beside_the_newer_values(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    ed = make_user("ed", "editor")
    article = article_with_claims(2)
    claim = article.claims.order_by("start")[0]
    page = log_in("rita")
    open_review(page, live_server, article, claim)
    held = hold_review_saves(page, claim)

    page.keyboard.press("6")
    wait_for(page, held)
    page.keyboard.press("e")
    page.keyboard.type("No register of the drones exists.")
    claim_update(
        claim_id=claim.pk, actor=ed, expected_version=1, status="false", rationale="Ed's reading."
    )
    held[0].continue_()

    expect(page.locator("#panel-error")).to_contain_text("conflict")
    expect(page.locator("#id_rationale")).to_have_value("Ed's reading.")
    expect(page.locator("#panel-typed")).to_contain_text("No register of the drones exists.")
    claim.refresh_from_db()
    assert (claim.status, claim.rationale, claim.version) == ("false", "Ed's reading.", 2)
