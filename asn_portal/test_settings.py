"""The small override tests run with: a fast hasher and mail kept in memory."""

import os

from asn_portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The email fault test gives its real worker a backend it can kill mid-send.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# The WhatsApp status webhook is on, as it is in production once set up, so the
# access matrix sees it refuse unsigned posts (its tests turn it off to check that).
WHATSAPP_WEBHOOK_VERIFY_TOKEN = "verify-token-for-tests"
WHATSAPP_APP_SECRET = "app-secret-for-tests"
# With DATABASE_REPLICA_URL set (tests/test_replica.py does, in a run of its own), the
# replica is the test database itself, reached through a connection of its own.
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
