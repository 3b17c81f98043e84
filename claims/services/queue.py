"""Sending work to the Celery workers once the caller's transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def send_on_commit(task: Task, *args: Any) -> None:
    """Queue `task(*args)` after the current transaction commits (see send_each_on_commit)."""
    send_each_on_commit(task, [args])


def send_each_on_commit(task: Task, calls: Sequence[tuple[Any, ...]]) -> None:
    """Queue `task(*args)` for each args of `calls` after the current transaction commits.

    A worker never sees a row that is not committed yet, and a rolled-back change queues
    nothing. A broker that is down must not undo committed work, nor turn the request into
    an error: the failure is logged, and the stale-work sweep queues the work again.
    """

    def send() -> None:
        for sent, args in enumerate(calls):
            try:
                task.delay(*args)
            except Exception:
                # The broker is down: the rest would fail the same way, each after a wait.
                logger.warning(
                    "Could not queue %s (%d of %d left); the stale-work sweep will.",
                    task.name,
                    len(calls) - sent,
                    len(calls),
                    exc_info=True,
                )
                return

    if calls:
        transaction.on_commit(send)
