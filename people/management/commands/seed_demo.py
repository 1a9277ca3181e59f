"""Loads the demo data `make run` serves: two agencies, their ASN and one login per
role, then each app's own demo data. Safe to run every time: when agencies exist it
only prints the logins.

`--size province` builds 30 agencies, each with every app's data in its own
transaction, so an interrupted run leaves whole agencies behind and the next run
carries on with the missing ones."""

import importlib
import random
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from people import demo
from people.demo import DEMO_PASSWORD, create_demo_agencies, demo_logins
from people.models import Agency, Employee


class Command(BaseCommand):
    help = "Isi basis data dengan data demo (dua instansi, ASN, akun per peran)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "large", "province"],
            default="small",
            help="province: 30 instansi, sekitar 200.000 ASN, dapat dilanjutkan "
            "bila terputus",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, size, seed, **options):
        if size == "province":
            self._seed_province(seed, app_times=options["verbosity"] > 1)
            self._print_logins()
            return
        if Agency.objects.exists():
            self.stdout.write("Data demo sudah ada; tidak ada yang dibuat ulang.")
            self._print_logins()
            return
        started = time.monotonic()
        rng = random.Random(seed)  # nosec B311
        with transaction.atomic():
            agencies = create_demo_agencies(size=size, rng=rng)
            people_seconds = time.monotonic() - started
            for app_config in apps.get_app_configs():
                if app_config.name == "people":
                    continue
                self._seed_app(app_config, agencies, size, rng)
        total = Employee.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo ({size}): {len(agencies)} instansi, {total} ASN; "
                f"pegawai {people_seconds:.1f} dtk, total "
                f"{time.monotonic() - started:.1f} dtk."
            )
        )
        self._print_logins()

    def _seed_province(self, seed, *, app_times):
        plan = demo.province_plan()
        done = set(
            Agency.objects.filter(code__in=[spec.code for spec, _ in plan]).values_list(
                "code", flat=True
            )
        )
        password_hash = make_password(DEMO_PASSWORD)
        demo.create_admin(password_hash)
        nips = demo.taken_nips()
        remaining_asn = sum(target for spec, target in plan if spec.code not in done)
        built_asn, built_seconds = 0, 0.0
        for number, (spec, target) in enumerate(plan, start=1):
            prefix = f"[{number}/{len(plan)}] {spec.short_name}"
            if spec.code in done:
                self.stdout.write(f"{prefix}: sudah ada, dilewati")
                continue
            started = time.monotonic()
            # Seeded per agency, so a resumed run builds the same agency.
            rng = random.Random(f"{seed}-{spec.code}")  # nosec B311
            # The agency commits whole or not at all: its existence marks it done.
            with transaction.atomic():
                agency = demo.create_demo_agency(
                    spec,
                    size=demo.PROVINCE.unit_tree,
                    target=target,
                    rng=rng,
                    nips=nips,
                    password_hash=password_hash,
                )
                for app_config in apps.get_app_configs():
                    if app_config.name != "people":
                        self._seed_app(
                            app_config, [agency], "province", rng, verbose=app_times
                        )
            seconds = time.monotonic() - started
            built_asn += target
            built_seconds += seconds
            remaining_asn -= target
            minutes_left = built_seconds / built_asn * remaining_asn / 60
            count = Employee.objects.filter(agency=agency).count()
            eta = (
                f"perkiraan selesai {minutes_left:.0f} menit lagi"
                if remaining_asn
                else "selesai"
            )
            self.stdout.write(
                f"{prefix}: {_thousands(count)} ASN, {seconds:.0f} dtk; {eta}"
            )
        total = Employee.objects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo (province): {len(plan)} instansi, {_thousands(total)} ASN."
            )
        )

    def _seed_app(self, app_config, agencies, size, rng, verbose=True):
        try:
            module = importlib.import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.demo":
                raise
            return
        seed = getattr(module, "seed", None)
        if seed is None:
            return
        started = time.monotonic()
        try:
            seed(agencies=agencies, size=size, rng=rng)
        except Exception as error:
            # One broken app must not leave half a demo behind: all rolls back.
            raise CommandError(
                f"{app_config.name}.demo.seed gagal: {error!r}"
            ) from error
        if not verbose:
            return
        self.stdout.write(
            f"  {app_config.name}: data demo dibuat "
            f"({time.monotonic() - started:.1f} dtk)"
        )

    def _print_logins(self):
        logins = demo_logins()
        width = max(len(login.username) for login in logins) + 2
        role_width = max(len(login.role) for login in logins) + 2
        self.stdout.write("")
        self.stdout.write(
            f"{'username':<{width}}{'password':<16}{'peran':<{role_width}}instansi"
        )
        self.stdout.write("-" * (width + 16 + role_width + 24))
        for login in logins:
            self.stdout.write(
                f"{login.username:<{width}}{DEMO_PASSWORD:<16}"
                f"{login.role:<{role_width}}{login.agency}"
            )
        self.stdout.write("")
        self.stdout.write(
            f"Buka {settings.SITE_URL} dan masuk dengan salah satu akun di atas."
        )


def _thousands(number: int) -> str:
    """6.012: Indonesian groups thousands with a dot."""
    return f"{number:,}".replace(",", ".")
