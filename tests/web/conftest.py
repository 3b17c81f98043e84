from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.web.helpers import client_for


@pytest.fixture(autouse=True)
def _static_files_without_a_manifest(settings: Any) -> None:
    # Tests run with DEBUG off but without `collectstatic`: use plain, unhashed static URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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


@pytest.fixture
def reviewer_client(reviewer: Any) -> Client:
    return client_for(reviewer)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    return client_for(editor)
