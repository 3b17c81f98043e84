from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_models(**kwargs: Any) -> None:
    """The model and gazetteer load once in the worker's main process, before its pool
    forks, so every task finds them ready (and the forks share their memory)."""
    from claims.services.extraction import models_load

    models_load()
