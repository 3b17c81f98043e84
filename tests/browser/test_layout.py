"""The pages fit a phone (390 px wide) and long unbroken text, and nothing is out of reach."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_user
from tests.factories import SourceFactory
from tests.web.helpers import article_with_claims

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
UNBROKEN = "Supercalifragilistic" * 9
LONG_URL = "https://example.org/" + "a-path-segment-without-a-break-" * 8


def page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def right_edge(page: Any, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return float(box["x"] + box["width"])


@pytest.mark.parametrize("path", ["/", "/sources/", "/articles/new/", "/queue/"])
def test_on_a_phone_a_page_is_no_wider_than_the_screen_and_the_top_bar_is_in_reach(
    log_in: Any, live_server: Any, path: str
) -> None:
    make_user("rita", "reviewer")
    article_with_claims(3, title=UNBROKEN, publisher=UNBROKEN)
    SourceFactory(name=UNBROKEN, role=UNBROKEN)
    page = log_in("rita")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")

    assert page_width(page) <= PHONE["width"]
    for selector in (".logout button", ".who", ".mainnav a >> text=Submit"):
        assert right_edge(page, selector) <= PHONE["width"], selector


def test_a_long_unbroken_title_and_url_wrap_on_the_review_page_on_a_desktop(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2, title=UNBROKEN, publisher=UNBROKEN, url=LONG_URL)
    claim = article.claims.order_by("start")[0]
    claim.text = f"The report is at {LONG_URL}"
    claim.save()
    page = log_in("rita")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.wait_for_selector("#claim-panel[data-claim-id]")

    assert page_width(page) <= 1440
    claim_list = page.locator(".claim-list")
    assert claim_list.evaluate("el => el.scrollWidth <= el.clientWidth")
    panel = page.locator("#claim-panel")
    assert panel.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_the_articles_table_scrolls_in_its_own_box_on_a_phone(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article_with_claims(1)
    page = log_in("rita")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")

    box = page.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # seven columns do not fit
    assert page_width(page) <= PHONE["width"]


def test_the_submit_form_stacks_its_fields_on_a_phone(log_in: Any, live_server: Any) -> None:
    make_user("rita", "reviewer")
    page = log_in("rita")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/articles/new/")

    for name in ("title", "publisher", "published", "file", "url"):
        box = page.locator(f"input[name={name}]").bounding_box()
        assert box is not None
        assert box["width"] > 300, name


def test_tapping_a_claim_on_a_phone_brings_its_panel_into_view(
    log_in: Any, live_server: Any
) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(12)
    claims = list(article.claims.order_by("start"))
    page = log_in("rita")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.wait_for_selector("#claim-panel")

    page.click(f"#item-{claims[3].pk} a")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[3].pk))
    expect(page.locator("#claim-panel")).to_be_in_viewport()
    top = page.evaluate("document.getElementById('claim-panel').getBoundingClientRect().top")
    assert 0 <= top < 100
