"""Keys for the API tests, made the way HR make them (the service), and a client
that sends one."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from api.models import Scope
from api.services import create_api_key

ALL_SCOPES = list(Scope.values)


def make_key(org, scopes=None, *, days=30, name="Dasbor BI"):
    """(ApiKey, secret) of agency `org`, valid for `days` more days."""
    return create_api_key(
        agency=org["agency"],
        name=name,
        scopes=ALL_SCOPES if scopes is None else scopes,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        created_by=org["hr"].user,
    )


def api_client(secret: str | None = None, *, keyword="Bearer") -> APIClient:
    client = APIClient()
    if secret is not None:
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client
