from __future__ import annotations

from tests.api.conftest import make_client, receiver  # noqa: F401  (fixtures shared with the API tests)
