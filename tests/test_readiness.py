"""The load balancer's readiness probe (/readyz/): ready only when this web process
reaches the database, the shared cache and the file storage."""

import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ready_when_everything_answers(client):
    response = client.get(reverse("readyz"))
    assert (response.status_code, response.content) == (200, b"ready")


def test_not_ready_without_the_shared_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    caches._settings = None  # noqa: SLF001 - the cache handler reads CACHES once
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.content == b"not ready: cache"


def test_not_ready_when_the_storage_bucket_is_gone(client, object_storage):
    object_storage.client().delete_bucket(Bucket=object_storage.name)
    response = client.get(reverse("readyz"))
    assert (response.status_code, response.content) == (503, b"not ready: storage")
