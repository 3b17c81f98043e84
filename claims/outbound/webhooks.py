"""Signing and sending webhook deliveries: plain functions, no models.

Each delivery is a POST of a JSON body. The receiver checks

    X-Factcheck-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed by the secret>

with `signature_matches`, and may use X-Factcheck-Delivery to drop a delivery it has
already seen (a delivery can arrive twice when a worker dies after sending it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

import requests

SIGNATURE_HEADER = "X-Factcheck-Signature"
EVENT_HEADER = "X-Factcheck-Event"
DELIVERY_HEADER = "X-Factcheck-Delivery"
EXCERPT_CHARS = 1000


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    temporary: bool  # worth trying again: the connection failed or the receiver said 5xx
    status_code: int | None = None
    excerpt: str = ""
    error: str = ""


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def sign(body: bytes, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_matches(body: bytes, secret: str, header: str) -> bool:
    return hmac.compare_digest(sign(body, secret), header)


def send(
    *,
    url: str,
    secret: str,
    event: str,
    delivery_id: int,
    payload: dict[str, Any],
    timeout: float,
) -> Outcome:
    body = encode(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks/1",
        SIGNATURE_HEADER: sign(body, secret),
        EVENT_HEADER: event,
        DELIVERY_HEADER: str(delivery_id),
    }
    try:
        # No redirects: a signed body must go only where the subscriber said.
        response = requests.post(
            url, data=body, headers=headers, timeout=timeout, allow_redirects=False
        )
    except requests.RequestException as exc:
        return Outcome(delivered=False, temporary=True, error=f"{type(exc).__name__}: {exc}")
    excerpt = response.text[:EXCERPT_CHARS]
    if 200 <= response.status_code < 300:
        return Outcome(
            delivered=True, temporary=False, status_code=response.status_code, excerpt=excerpt
        )
    return Outcome(
        delivered=False,
        temporary=response.status_code >= 500 or response.status_code == 429,
        status_code=response.status_code,
        excerpt=excerpt,
        error=f"The receiver answered {response.status_code}.",
    )


def backoff(retries: int, *, base: float = 10, cap: float = 3600) -> float:
    """Seconds to wait before retry number `retries + 1`: 10 s, 20 s, 40 s, ... at most an hour."""
    return min(cap, base * 2**retries)
