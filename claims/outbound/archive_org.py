"""The Internet Archive's Save Page Now (SPN2): ask it to archive a URL, then ask how it went.

Plain functions over requests; the service paces the submissions. The API: POST
`{base}/save` with `url=...` and the header `Authorization: LOW <access key>:<secret>`
answers a `job_id`; GET `{base}/save/status/<job_id>` answers `pending`, `success` (with
the capture's `timestamp` and `original_url`) or `error`. A 429 asks the caller to slow
down, for `Retry-After` seconds when it says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

USER_AGENT = "factcheck-evidence/1.0 (newsroom fact-checking)"
RATE_LIMITED_WAIT = 60.0  # seconds, when a 429 does not say how long


@dataclass(frozen=True)
class Answer:
    state: str  # submitted, pending, archived, failed, retry (a passing trouble), rate_limited
    job_id: str = ""
    archive_url: str = ""
    message: str = ""
    wait: float | None = None  # seconds the archive asked us to wait


@dataclass(frozen=True)
class Account:
    base: str
    access_key: str
    secret_key: str
    timeout: float = 30

    def headers(self) -> dict[str, str]:
        return {
            "Accept": "application/json",
            "Authorization": f"LOW {self.access_key}:{self.secret_key}",
            "User-Agent": USER_AGENT,
        }


def submit(url: str, *, account: Account) -> Answer:
    try:
        response = requests.post(
            f"{account.base.rstrip('/')}/save",
            data={"url": url, "skip_first_archive": "1"},
            headers=account.headers(),
            timeout=account.timeout,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return Answer("retry", message=f"The archive could not be reached ({type(exc).__name__}).")
    trouble = _trouble(response)
    if trouble is not None:
        return trouble
    body = _json(response)
    job_id = str(body.get("job_id") or "")
    if not job_id:
        return Answer("failed", message=_message(body) or "The archive gave no job id.")
    return Answer("submitted", job_id=job_id)


def status(job_id: str, *, account: Account) -> Answer:
    try:
        response = requests.get(
            f"{account.base.rstrip('/')}/save/status/{job_id}",
            headers=account.headers(),
            timeout=account.timeout,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return Answer("retry", message=f"The archive could not be reached ({type(exc).__name__}).")
    trouble = _trouble(response)
    if trouble is not None:
        return trouble
    body = _json(response)
    state = body.get("status")
    if state == "success" and body.get("timestamp") and body.get("original_url"):
        archive_url = f"{account.base.rstrip('/')}/web/{body['timestamp']}/{body['original_url']}"
        return Answer("archived", job_id=job_id, archive_url=archive_url)
    if state == "error":
        return Answer("failed", job_id=job_id, message=_message(body) or "The archive failed.")
    return Answer("pending", job_id=job_id)


def _trouble(response: requests.Response) -> Answer | None:
    if response.status_code == 429:
        return Answer(
            "rate_limited",
            message="The archive asked us to slow down.",
            wait=_retry_after(response.headers.get("Retry-After", "")),
        )
    if response.status_code >= 500:
        return Answer("retry", message=f"The archive answered HTTP {response.status_code}.")
    if response.status_code >= 400:
        body = _json(response)
        return Answer(
            "failed",
            message=_message(body) or f"The archive answered HTTP {response.status_code}.",
        )
    return None


def _retry_after(value: str) -> float:
    try:
        return max(1.0, float(value))
    except ValueError:
        return RATE_LIMITED_WAIT


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message(body: dict[str, Any]) -> str:
    text = str(body.get("message") or "")
    ext = str(body.get("status_ext") or "")
    return f"{text} ({ext})" if text and ext else text or ext
