"""The test run's settings: the app's own, with what only speeds tests up or keeps them
apart. Everything else (database, broker, secret) still comes from the environment."""

from factcheck.settings import *  # noqa: F403

# The production hasher is slow on purpose; tests make hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
