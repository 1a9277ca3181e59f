"""Reads sent to the read replica, checked on a real second connection.

Collected only by `tests/test_replica.py`, which runs this module in a pytest run of
its own with `DATABASE_REPLICA_URL` set: there settings.py adds the `replica` alias
and installs the router, and the test settings make it a test mirror of `default`
(Django's "testing primary/replica configurations"), so `replica` is a connection of
its own to the same test database, the way a replica is another server with the same
rows. A mirror is a second connection, so it sees only committed rows: the tests
commit (`transaction=True`), and they name both aliases so pytest-django lets them
query `replica`. Django flushes only `default` after each test; the mirror is the
same database."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asn_portal import replica as replica_module
from asn_portal.replica import read_on_replica
from dashboard import services
from dashboard.compose import all_panels
from dashboard.models import Report
from people.models import Employee
from people.panels import Scope
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

if "replica" not in connections:
    pytest.skip("run by tests/test_replica.py with a replica", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.I)
JANUARY = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))


def _sql(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


def _writes(captured) -> list[str]:
    return [sql for sql in _sql(captured) if WRITE.match(sql)]


def _panel_queries(scope) -> list[str]:
    """What composing the scope's panels runs, on the primary, for comparison."""
    with CaptureQueriesContext(connections["default"]) as captured:
        all_panels(scope)
    return _sql(captured)


def _credit(employee):
    credit_jp(
        employee=employee,
        jp=Decimal("21"),
        form=DevelopmentForm.TECHNICAL,
        source_key="t:1",
        on_date=datetime.date(2026, 1, 10),
        description="Bimtek",
    )


def test_reads_go_to_the_replica_only_inside_the_context(org):
    replica = connections["replica"]
    with CaptureQueriesContext(replica) as outside:
        Employee.objects.count()

    def work():
        assert Employee.objects.count() == 6
        Employee.objects.filter(pk=org["member"].pk).update(jabatan_name="Analis")
        with transaction.atomic():
            # Its uncommitted row is on the primary only, and read from there.
            Employee.objects.filter(pk=org["member"].pk).update(jabatan_name="Baru")
            assert Employee.objects.filter(jabatan_name="Baru").count() == 1

    with CaptureQueriesContext(replica) as inside:
        read_on_replica(work)
    assert outside.captured_queries == []
    assert len(inside.captured_queries) == 1
    assert _writes(inside) == []
    assert Employee.objects.get(pk=org["member"].pk).jabatan_name == "Baru"


def test_the_dashboard_reads_its_panels_from_the_replica(org, login):
    _credit(org["member"])
    client = login(org["leader"])
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    assert "pegawai" in [panel.key for panel in response.context["panels"]]
    panel_queries = _panel_queries(response.context["scope"])
    assert _sql(on_replica) == panel_queries
    assert _writes(on_replica) == []
    # The page's own reads (session, user, filters) stay on the primary.
    assert on_primary.captured_queries
    assert not set(panel_queries) & set(_sql(on_primary))


def test_a_report_reads_its_figures_from_the_replica_and_writes_on_the_primary(org):
    _credit(org["member"])
    report = Report.objects.create(
        agency=org["agency"],
        kind=Report.Kind.MONTHLY,
        period_start=JANUARY[0],
        period_end=JANUARY[1],
    )
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        report = services.generate_report(report_id=report.pk)
    assert report.status == Report.Status.DONE
    assert default_storage.exists(report.pdf.name)
    assert default_storage.exists(report.xlsx.name)
    scope = Scope(agency=org["agency"], start=JANUARY[0], end=JANUARY[1])
    assert _sql(on_replica) == _panel_queries(scope)
    assert _writes(on_replica) == []
    report_writes = [sql for sql in _writes(on_primary) if "dashboard_report" in sql]
    assert len(report_writes) == 4  # claim, progress 50 and 80, done with its files


@pytest.fixture
def replica_down():
    """The replica's server gone: its address now answers nothing."""
    replica = connections["replica"]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = "1"
    replica_module._failed_at = None
    yield
    replica.close()
    replica.settings_dict["PORT"] = port
    replica_module._failed_at = None


def test_a_replica_that_is_down_leaves_the_dashboard_to_the_primary(
    org, login, replica_down, caplog
):
    _credit(org["member"])
    client = login(org["leader"])
    with CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(reverse("dashboard:dashboard") + "?segar=1")
    assert response.status_code == 200
    jp_panel = {p.key: p for p in response.context["panels"]}["pegawai"]
    assert jp_panel is not None
    panel_queries = _panel_queries(response.context["scope"])
    assert set(panel_queries) <= set(_sql(on_primary))
    assert "Read replica unreachable" in caplog.text
    # The next page does not wait for the replica again: no second warning.
    caplog.clear()
    assert client.get(reverse("dashboard:dashboard") + "?segar=1").status_code == 200
    assert "Read replica unreachable" not in caplog.text


def test_a_report_is_generated_from_the_primary_while_the_replica_is_down(
    org, replica_down
):
    _credit(org["member"])
    report = Report.objects.create(
        agency=org["agency"],
        kind=Report.Kind.MONTHLY,
        period_start=JANUARY[0],
        period_end=JANUARY[1],
    )
    report = services.generate_report(report_id=report.pk)
    assert report.status == Report.Status.DONE
    assert default_storage.exists(report.pdf.name)
