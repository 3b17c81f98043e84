from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _static_files_without_a_manifest(settings: Any) -> None:
    # Tests run with DEBUG off but without `collectstatic`: use plain, unhashed static URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate-limit and login-failure counters live in the cache; keep tests apart.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reviewer(db: None) -> Any:
    return UserFactory(username="rita", roles=["reviewer"])


@pytest.fixture
def editor(db: None) -> Any:
    return UserFactory(username="ed", roles=["editor"])


@pytest.fixture
def other_editor(db: None) -> Any:
    return UserFactory(username="eve", roles=["editor"])


@pytest.fixture
def admin_user(db: None) -> Any:
    return UserFactory(username="ada", roles=["admin"], is_staff=True)


@pytest.fixture
def outsider(db: None) -> Any:
    """Has an account but no role."""
    return UserFactory(username="olga")
