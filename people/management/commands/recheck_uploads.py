"""Give every file stored before the upload checks existed our name and treatment."""

from collections import Counter

from django.core.management.base import BaseCommand

from asn_portal.uploads import recheck_stored, upload_fields


class Command(BaseCommand):
    help = (
        "Checks every stored upload against its field's policy: renames it (images "
        "re-encoded), or keeps a refused file as a download-only .bin. Safe to re-run."
    )

    def handle(self, *args, **options):
        for model, field_name in upload_fields():
            outcomes = Counter(
                recheck_stored(instance, field_name)
                for instance in model._base_manager.exclude(
                    **{field_name: ""}
                ).iterator()
            )
            self.stdout.write(
                f"{model._meta.label}.{field_name}: "
                + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            )
