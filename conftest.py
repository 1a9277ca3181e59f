"""Role fixtures shared by every app's tests.

Two agencies, each with an HR staff member, a leader, a supervisor with one team
member, an ASN outside that team, and a mentor (a MentorProfile and an active pair
mentoring that outsider): enough to test who may and may not see what."""

import pytest
from django.utils import timezone, translation

from mentoring.tests.factories import make_pair
from people.roles import Role
from people.tests.factories import (
    PASSWORD,
    AgencyFactory,
    EmployeeFactory,
    UserFactory,
    WorkUnitFactory,
)

pytest_plugins = ["tests.worker", "tests.browser", "tests.object_storage"]


def _org(prefix: str):
    agency = AgencyFactory(
        code=f"{prefix}-agency", name=f"Pemerintah {prefix}", short_name=prefix
    )
    unit = WorkUnitFactory(
        agency=agency, name=f"Dinas Kesehatan {prefix}", code=f"{prefix}-DINKES"
    )

    def person(username, roles=(), **extra):
        return EmployeeFactory(
            agency=agency,
            unit=extra.pop("unit", unit),
            user=UserFactory(username=f"{prefix}-{username}", roles=list(roles)),
            **extra,
        )

    hr = person("hr", roles=[Role.HR])
    leader = person("leader", roles=[Role.LEADER])
    supervisor = person(
        "supervisor", jabatan_type="pengawas", jabatan_name="Kepala Seksi"
    )
    member = person("asn", supervisor=supervisor)
    outsider = person("outsider")
    mentor = person(
        "mentor", golongan="IV/a", jabatan_name="Analis Keuangan Ahli Madya"
    )
    make_pair(mentor=mentor, mentee=outsider)  # org["mentor"] mentors the outsider
    return {
        "agency": agency,
        "unit": unit,
        "hr": hr,
        "leader": leader,
        "supervisor": supervisor,
        "member": member,
        "outsider": outsider,
        "mentor": mentor,
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache; each test starts with none used up."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploads a test saves (logos, signatures, demo data) go to a folder of its
    own, never into var/media of the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


RUN_BEGAN_ON = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_is_the_tests_day(request):
    """A test module's `TODAY` is the day the test runs in Asia/Jakarta, not the day
    its module was imported: a run that crosses local midnight (17:00 UTC) would
    otherwise compare yesterday's date with the code's today."""
    module = getattr(request, "module", None)
    if getattr(module, "TODAY", None) in (RUN_BEGAN_ON, timezone.localdate()):
        module.TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _default_language():
    """LocaleMiddleware activates a request's language for the whole thread and never
    resets it, so a test that chose English would leave every later test's gettext
    (services, notifications, forms) in English: start each test in Indonesian."""
    yield
    translation.deactivate()


@pytest.fixture
def org(db):
    """Agency A: its people by role (Employee objects; `.user` to log in)."""
    return _org("a")


@pytest.fixture
def other_org(db):
    """Agency B, for proving that nothing crosses agencies."""
    return _org("b")


@pytest.fixture
def login(client):
    """login(employee) logs the test client in as that employee's account."""

    def _login(employee):
        client.force_login(employee.user)
        return client

    return _login


@pytest.fixture
def demo_password():
    return PASSWORD


@pytest.fixture
def jobs_run_in_place():
    """Celery tasks queued here run at once in this process (eager mode), so the
    background job a request starts has run when its transaction commits. For
    tests of what a job does; how it is delivered is the real-worker tests'."""
    from asn_portal.celery import app

    # Settings come from Django's under the CELERY_ prefix, which wins over the
    # plain name.
    before = app.conf.task_always_eager
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = before


@pytest.fixture
def run_jobs(jobs_run_in_place, django_capture_on_commit_callbacks):
    """`with run_jobs(): client.post(...)`: a test's transaction never commits, so
    the jobs the request started run when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def storage_in_memory(settings):
    """No local folder: a job's file goes through the storage API or not at all."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
