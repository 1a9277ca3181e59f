"""The API as a client sees it: the schema and docs, cursor pages, the
`updated_since` filter, bad parameters and the rate limit per key."""

import datetime

from django.urls import reverse
from django.utils import timezone

from api.tests.keys import api_client, make_key
from people.models import WorkUnit
from people.tests.factories import WorkUnitFactory


def test_the_schema_is_openapi_3_and_names_every_endpoint_and_the_key(client):
    response = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/units/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    units = schema["paths"]["/api/v1/units/"]["get"]
    assert {"cursor", "page_size", "updated_since"} <= {
        p["name"] for p in units["parameters"]
    }


def test_the_docs_page_loads_swagger_from_our_static_files_without_inline_script(
    client,
):
    response = client.get(reverse("api_docs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    )
    assert "<script>" not in page
    assert (
        "'unsafe-inline'"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    script = client.get(reverse("api_docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api_schema") in script.content.decode()


def test_lists_come_in_cursor_pages_each_row_once(org):
    for n in range(4):
        WorkUnitFactory(agency=org["agency"], name=f"Bidang {n}", code=f"B-{n}")
    _key, secret = make_key(org)
    client = api_client(secret)
    url = reverse("api:units") + "?page_size=2"
    seen = []
    while url:
        page = client.get(url).json()
        assert len(page["results"]) <= 2
        seen += [unit["code"] for unit in page["results"]]
        url = page["next"]
    expected = WorkUnit.objects.filter(agency=org["agency"]).order_by("pk")
    assert seen == [unit.code for unit in expected]
    assert len(seen) == 5


def test_updated_since_gives_only_what_changed(org):
    _key, secret = make_key(org)
    client = api_client(secret)
    old = WorkUnitFactory(agency=org["agency"], name="Bidang Lama", code="LAMA")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    WorkUnit.objects.filter(agency=org["agency"]).update(updated_at=an_hour_ago)
    since = timezone.now() - datetime.timedelta(minutes=1)
    renamed = WorkUnit.objects.get(pk=old.pk)
    renamed.name = "Bidang Baru"
    renamed.save()
    response = client.get(reverse("api:units"), {"updated_since": since.isoformat()})
    assert [unit["name"] for unit in response.json()["results"]] == ["Bidang Baru"]


def test_a_bad_parameter_is_a_400_that_says_which(org):
    _key, secret = make_key(org)
    response = api_client(secret).get(
        reverse("api:units"), {"updated_since": "kemarin"}
    )
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_each_key_has_its_own_rate_limit(org, settings):
    settings.API_RATE_LIMIT = "3/minute"
    _key, secret = make_key(org)
    _other, other_secret = make_key(org, name="LMS")
    client = api_client(secret)
    for _ in range(3):
        assert client.get(reverse("api:root")).status_code == 200
    refused = client.get(reverse("api:root"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert api_client(other_secret).get(reverse("api:root")).status_code == 200


def test_the_schema_validates_with_no_warning(tmp_path):
    """Every endpoint, parameter and field described: drf-spectacular validates the
    schema against the OpenAPI 3 meta-schema and fails on any warning."""
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/employees/{nip}/jp/:" in target.read_text()


def test_a_path_no_endpoint_matches_answers_json_not_a_page(client):
    response = client.get("/api/v1/evaluation-periods/-1/results/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan."}
    assert "text/html" in client.get("/tidak-ada/")["Content-Type"]
