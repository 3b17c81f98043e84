"""Locust users for bench/load.py: reviewers doing the review loop through the pages, and a
newsroom tool streaming articles in through the API.

Read from the environment (bench/load.py sets them): LOAD_REVIEWERS (comma-separated
usernames), LOAD_PASSWORD, LOAD_TOKEN, LOAD_RUN (a tag that makes streamed texts unique),
LOAD_THINK (a reviewer's mean pause between actions, seconds), LOAD_STREAM_EVERY (seconds
between two articles) and LOAD_TALLY (a JSON file this process writes its counts to).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from collections import Counter
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant_pacing, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pipeline import make_article

REVIEWERS = os.environ["LOAD_REVIEWERS"].split(",")
THINK = float(os.environ.get("LOAD_THINK", "1"))
RUN = os.environ.get("LOAD_RUN", "0")
# What the saves did, for bench/load.py to hold the database to afterwards.
tally: Counter[str] = Counter()
streamed: list[int] = []
usernames = itertools.cycle(REVIEWERS)

QUEUE_LINK = re.compile(r'href="/articles/(\d+)/\?claim=(\d+)"')
CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')
REVIEW_VERSION = re.compile(r'id="review-form".*?name="version" value="(\d+)"', re.S)
CHECKED_STATUS = re.compile(r'name="status" value="([a-z_]+)" data-key="\d+" checked')
NEW_STATUSES = ["in_progress", "accurate", "misleading", "false", "unverifiable", "not_checkable"]
HTMX = {"HX-Request": "true"}


class Reviewer(FastHttpUser):
    """Logs in through the login page, then: the queue, a claim's review page, its panel
    (the htmx partial the page swaps in) and a verdict saved as the panel's form posts it."""

    wait_time = between(THINK / 2, THINK * 3 / 2)

    def on_start(self) -> None:
        # The session and CSRF cookies are Secure. Browsers send those to http://localhost
        # (a secure context); Locust's cookie jar must be told to do the same on loopback.
        self.client.cookiejar.set_policy(
            DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        )
        self.username = next(usernames)
        self.saves = 0
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        assert token, "no CSRF token on the login page"
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": os.environ["LOAD_PASSWORD"],
                "csrfmiddlewaretoken": token.group(1),
                "next": "/queue/",
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/queue/":
                response.failure(f"login refused ({response.status_code})")
                raise RuntimeError(f"{self.username} could not log in")

    @task
    def review_one_claim(self) -> None:
        page = random.randint(1, 3)
        with self.client.get(
            f"/queue/?status=unreviewed&page={page}",
            name="queue",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            links = QUEUE_LINK.findall(response.text or "")
            if response.status_code != 200 or not links:
                response.failure(f"queue: {response.status_code}, {len(links)} claims")
                return
        article_id, claim_id = random.choice(links)
        self.wait()

        with self.client.get(
            f"/articles/{article_id}/?claim={claim_id}",
            name="review page",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            csrf = CSRF_HEADER.search(response.text or "")
            if response.status_code != 200 or not csrf:
                response.failure(f"review page: {response.status_code}")
                return
            csrf_token = csrf.group(1)

        with self.client.get(
            f"/claims/{claim_id}/",
            headers=HTMX,
            name="panel",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            version = REVIEW_VERSION.search(response.text or "")
            shown = CHECKED_STATUS.search(response.text or "")
            if response.status_code != 200 or not version or not shown:
                response.failure(f"panel: {response.status_code}")
                return
        self.wait()

        self.saves += 1
        status = random.choice(NEW_STATUSES)
        with self.client.post(
            f"/claims/{claim_id}/review/",
            data={
                "version": version.group(1),
                "status": status,
                "rationale": f"Load {self.username} {self.saves}: matches the ministry's figures.",
                "evidence": f"https://evidence.example.org/load/{self.username}/{self.saves}",
            },
            headers={**HTMX, "X-CSRFToken": csrf_token},
            name="save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 200 and "Saved." in (response.text or ""):
                tally["saved"] += 1
                # The rationale and the evidence are new each time; the status may not be.
                tally["history rows expected"] += 2 + (status != shown.group(1))
            elif response.status_code == 409 and "conflict" in (response.text or ""):
                # Two reviewers on one claim: the later save is refused, as it should be.
                tally["conflicts"] += 1
                response.success()
            else:
                tally["save failures"] += 1
                response.failure(f"save: {response.status_code}")


class ArticleStream(FastHttpUser):
    """A newsroom tool submitting an article through the API every LOAD_STREAM_EVERY s."""

    fixed_count = 1
    wait_time = constant_pacing(float(os.environ.get("LOAD_STREAM_EVERY", "1")))

    def on_start(self) -> None:
        self.rng = random.Random(RUN)
        self.n = 0

    @task
    def submit(self) -> None:
        self.n += 1
        body = make_article(self.n, self.rng) + f"\n\nFiled as report {RUN}-{self.n}."
        with self.client.post(
            "/api/v1/articles/",
            json={"body": body, "publisher": f"Load stream {RUN}"},
            headers={"Authorization": f"Token {os.environ['LOAD_TOKEN']}"},
            name="stream article",
            catch_response=True,
        ) as response:
            if response.status_code != 202:
                response.failure(f"submit: {response.status_code}")
                return
            streamed.append(response.json()["article"]["id"])


@events.quitting.add_listener
def write_tally(**_: Any) -> None:
    Path(os.environ["LOAD_TALLY"]).write_text(
        json.dumps({**tally, "streamed": streamed}), encoding="utf-8"
    )
