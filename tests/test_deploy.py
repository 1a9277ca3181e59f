"""What a production deploy runs, beyond `check --deploy` (which the Makefile runs)."""

from django.core.management import call_command


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
