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

if not settings.DEBUG and not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off: the server signs sessions and CSRF "
        "tokens with it. Set it in the environment (a long random string)."
    )

application = get_wsgi_application()
