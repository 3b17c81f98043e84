"""The WSGI application gunicorn serves (and runserver loads).

Serving with DEBUG off needs SECRET_KEY: sessions, CSRF tokens and password resets are
signed with it. Commands that serve nothing run without it (see settings).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# Shorter than this, a key is a placeholder ("...", "changeme"), not a secret.
SECRET_KEY_MIN_LENGTH = 32

# Read after settings (which may have read it from .env): Django refuses to hand out an
# empty key even to look at it.
if not settings.DEBUG and len(os.environ.get("SECRET_KEY", "")) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off, at least "
        f"{SECRET_KEY_MIN_LENGTH} characters: the server signs sessions and CSRF tokens "
        "with it. Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

application = get_wsgi_application()
