from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def site_admin(db: None) -> Any:
    return UserFactory(username="ada", roles=["admin"], is_staff=True)


@pytest.fixture
def staff_reviewer(db: None) -> Any:
    return UserFactory(username="rita", roles=["reviewer"], is_staff=True)


@pytest.fixture
def admin_site_client(site_admin: Any) -> Client:
    client = Client()
    client.force_login(site_admin)
    return client


@pytest.fixture
def reviewer_site_client(staff_reviewer: Any) -> Client:
    client = Client()
    client.force_login(staff_reviewer)
    return client
