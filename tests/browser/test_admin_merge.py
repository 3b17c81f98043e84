"""Merging two sources in the admin, in Chromium: pick them in the list, preview, choose
the keeper, confirm."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import Source
from claims.services.sources import source_create, source_resolve
from tests.browser.conftest import make_user
from tests.factories import ClaimFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def make_admin(username: str) -> Any:
    user = make_user(username, "admin")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_an_admin_merges_two_sources_after_previewing_the_move(
    log_in: Any, live_server: Any
) -> None:
    ada = make_admin("ada")
    registry_entry = source_create(name="Anton Belov", kind="person", aliases=["Governor Belov"])
    found = source_resolve(name="A. Belov", kind="person")
    for _ in range(2):
        ClaimFactory(source=found)
    ClaimFactory(source=registry_entry)

    page = log_in("ada")
    page.goto(f"{live_server.url}/admin/claims/source/?review=to_confirm")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)  # A. Belov, to confirm
    page.goto(f"{live_server.url}/admin/claims/source/")
    for source in (found, registry_entry):
        page.check(f"input[name=_selected_action][value='{source.pk}']")
    page.select_option("select[name=action]", "merge_sources")
    page.get_by_role("button", name="Go").click()

    # The preview proposes the confirmed entry as keeper; keep the other one first, to see
    # the preview follow the choice.
    expect(page.locator("h1")).to_have_text("Merge sources")
    expect(page.locator(f"#keep-{registry_entry.pk}")).to_be_checked()
    expect(page.locator("#merge-preview [data-what=claims]")).to_have_text("2")
    page.check(f"#keep-{found.pk}")
    page.get_by_role("button", name="Update preview").click()
    expect(page.locator("#merge-preview [data-what=claims]")).to_have_text("1")
    page.check(f"#keep-{registry_entry.pk}")
    page.get_by_role("button", name="Update preview").click()
    expect(page.locator("#merge-preview")).to_contain_text("Into Anton Belov")
    expect(page.locator("#merge-preview [data-what=claims]")).to_have_text("2")
    expect(page.locator("#merge-preview [data-what=aliases]")).to_have_text("1")

    page.get_by_role("button", name="Confirm merge").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged 1 source(s) into Anton Belov.")
    merged_row = page.locator(
        "#result_list tr", has=page.get_by_role("link", name="A. Belov", exact=True)
    )
    expect(merged_row.locator(".field-review_state")).to_have_text("merged into Anton Belov")

    found.refresh_from_db()
    assert found.merged_into == registry_entry
    assert registry_entry.claims.count() == 3
    assert source_resolve(name="A. Belov") == registry_entry

    page.goto(f"{live_server.url}/admin/claims/source/{registry_entry.pk}/change/")
    audit = page.locator("#source-audit")
    expect(audit).to_contain_text("Merged into Anton Belov")
    expect(audit).to_contain_text(ada.username)
    assert not Source.objects.filter(merged_into__isnull=True, name="A. Belov").exists()
