"""One Locust user for bench/api.py: GET one URL over and over, with no pause (closed loop)."""

from __future__ import annotations

import os

from locust import FastHttpUser, constant, task


class ListReader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self) -> None:
        self.client.get(
            os.environ["BENCH_PATH"],
            headers={"Authorization": f"Token {os.environ['BENCH_TOKEN']}"},
            name="list",
        )
