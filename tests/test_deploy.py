"""What a production deploy runs, beyond `check --deploy` (which the Makefile runs)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_succeeds_with_the_manifest_storage(settings, tmp_path):
    """Production hashes static file names and rewrites the references between them;
    a reference to a file we do not ship (a vendored source map) breaks the deploy."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            # The hashing and reference rewriting of production's whitenoise
            # storage, without its slow compression.
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()


def _compose() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())


def _settings_variables() -> set[str]:
    source = (ROOT / "asn_portal" / "settings.py").read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))


def test_the_deployment_sets_only_variables_the_settings_read():
    services = _compose()["services"]
    portal = {name: service for name, service in services.items() if "build" in service}
    assert {"web-1", "web-2", "worker-1", "worker-bulk-1", "beat-1"} <= set(portal)
    read = _settings_variables()
    for name, service in portal.items():
        unknown = set(service["environment"]) - read
        assert not unknown, f"{name} sets {unknown}, which no setting reads"
    env_file = (ROOT / "deploy" / "portal.env.example").read_text()
    names = {line.split("=")[0] for line in env_file.splitlines() if "=" in line}
    assert not {n for n in names if not n.startswith("#")} - read


def test_the_workers_take_the_queues_the_tasks_go_to():
    services = _compose()["services"]
    queues = {
        service["command"].split("-Q ")[1].split()[0]
        for service in services.values()
        if "worker" in str(service.get("command", ""))
    }
    assert queues == {settings.CELERY_TASK_DEFAULT_QUEUE, settings.BULK_QUEUE}


def test_the_web_health_check_asks_the_readiness_probe(client, db):
    check = " ".join(_compose()["services"]["web-1"]["healthcheck"]["test"])
    path = re.search(r"http://127\.0\.0\.1:8000(/\S+?/)'", check).group(1)
    assert path == reverse("readyz")
    assert client.get(path).status_code == 200
