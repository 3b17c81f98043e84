"""The app's settings plus the benchmark's floor view (bench/floor_urls.py), which must
never be in the production URLconf."""

from __future__ import annotations

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
