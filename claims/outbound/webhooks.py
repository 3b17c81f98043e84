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
import urllib3

from claims.outbound.guard import FetchError, guarded_session, total_deadline

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
    allow_private: bool = False,
) -> Outcome:
    """POST the delivery to a public address (unless `allow_private`) within `timeout`
    seconds in all, and keep the start of the answer."""
    body = encode(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks/1",
        SIGNATURE_HEADER: sign(body, secret),
        EVENT_HEADER: event,
        DELIVERY_HEADER: str(delivery_id),
    }
    try:
        with (
            total_deadline(timeout) as deadline,
            guarded_session(allow_private=allow_private) as session,
            # No redirects: a signed body must go only where the subscriber said.
            session.post(
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
                stream=True,
            ) as response,
        ):
            status = response.status_code
            excerpt = _excerpt(response)
            if deadline.expired:  # cut off: what arrived may not be the receiver's answer
                raise requests.ConnectionError("cut off at the deadline")
    except FetchError as exc:
        # A private address is final; a name that does not resolve may resolve later.
        return Outcome(delivered=False, temporary=exc.code == "unreachable", error=exc.message)
    except requests.RequestException as exc:
        if deadline.expired:
            return Outcome(
                delivered=False,
                temporary=True,
                error=f"The receiver did not answer within {timeout:g} seconds.",
            )
        return Outcome(delivered=False, temporary=True, error=f"{type(exc).__name__}: {exc}")
    if 200 <= status < 300:
        return Outcome(delivered=True, temporary=False, status_code=status, excerpt=excerpt)
    return Outcome(
        delivered=False,
        temporary=status >= 500 or status == 429,
        status_code=status,
        excerpt=excerpt,
        error=f"The receiver answered {status}.",
    )


def _excerpt(response: requests.Response) -> str:
    """The start of the answer, for the delivery log. Only that much is read, so a receiver
    cannot fill memory; an answer cut off (by the deadline) leaves what arrived."""
    try:
        start = response.raw.read(EXCERPT_CHARS * 4, decode_content=True) or b""
    except (urllib3.exceptions.HTTPError, OSError):
        return ""
    return start.decode(response.encoding or "utf-8", errors="replace")[:EXCERPT_CHARS]


def backoff(retries: int, *, base: float = 10, cap: float = 3600) -> float:
    """Seconds to wait before retry number `retries + 1`: 10 s, 20 s, 40 s, ... at most an hour."""
    return min(cap, base * 2**retries)
