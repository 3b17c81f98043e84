from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.helpers import client_for


@pytest.fixture
def reviewer_client(reviewer: Any) -> Client:
    return client_for(reviewer)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    return client_for(editor)
