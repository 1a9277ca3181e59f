import pytest
from django.core.cache import cache

from siasn_ws.client import variable_names
from siasn_ws.models import SiasnConnection
from siasn_ws.tests.fake_siasn import CREDENTIALS, SSO_PATH, FakeSiasn


@pytest.fixture
def fake_siasn():
    """A fake SIASN on 127.0.0.1 (a free port), for this test only."""
    fake = FakeSiasn().start()
    yield fake
    fake.stop()


@pytest.fixture
def siasn_on(org, fake_siasn, monkeypatch):
    """Agency A's web service switched on, pointed at the fake, its credentials in
    the environment; the member known to SIASN. Returns the connection."""
    cache.clear()
    for name, variable in zip(
        CREDENTIALS, variable_names(org["agency"].code), strict=True
    ):
        monkeypatch.setenv(variable, CREDENTIALS[name])
    fake_siasn.add_pns(org["member"].nip, org["member"].full_name)
    return SiasnConnection.objects.create(
        agency=org["agency"],
        enabled=True,
        api_url=fake_siasn.url,
        token_url=f"{fake_siasn.url}/oauth2/token",
        sso_url=fake_siasn.url + SSO_PATH,
        instansi_id="A5EB03E23CCCF6A0E040640A040252AD",
    )
