import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from asn_portal.exports import PERCENT
from dashboard import services
from dashboard.compose import all_panels
from dashboard.models import Report
from dashboard.tasks import generate_report_task
from notifications.models import Notification
from people.panels import Scope
from people.tests.factories import WorkUnitFactory
from tests.sheets import labelled, open_export
from training.models import DevelopmentForm
from training.services.ledger import credit_jp

pytestmark = pytest.mark.django_db
JANUARY = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _generate(org, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.request_report(
            agency=org["agency"],
            kind=Report.Kind.MONTHLY,
            period_start=JANUARY[0],
            period_end=JANUARY[1],
            **extra,
        )
    return services.generate_report(report_id=report.pk)


def test_report_files_open_and_hold_the_dashboard_figures(
    org, media, django_capture_on_commit_callbacks
):
    credit_jp(
        employee=org["member"],
        jp=Decimal("21"),
        form=DevelopmentForm.TECHNICAL,
        source_key="t:1",
        on_date=datetime.date(2026, 1, 10),
        description="Bimtek",
    )
    report = _generate(org, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.DONE
    pdf = (media / report.pdf.name).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")
    workbook = load_workbook(io.BytesIO((media / report.xlsx.name).read_bytes()))
    scope = Scope(agency=org["agency"], start=JANUARY[0], end=JANUARY[1])
    panels = all_panels(scope)
    assert workbook.sheetnames == [p.key for p in panels]
    for panel in panels:
        sheet_values = [
            [cell for cell in row if cell is not None]
            for row in workbook[panel.key].iter_rows(values_only=True)
        ]
        for table in panel.tables:
            percent = [getattr(c, "kind", None) == PERCENT for c in table.columns]
            for row in table.rows:
                expected = [
                    float(Decimal(str(v)) / 100) if is_percent and v is not None else v
                    for v, is_percent in zip(row, percent, strict=True)
                ]
                expected = [float(v) if isinstance(v, Decimal) else v for v in expected]
                assert expected in sheet_values, (panel.key, row)


def test_generating_again_replaces_and_never_duplicates(
    org, media, django_capture_on_commit_callbacks
):
    first = _generate(org, django_capture_on_commit_callbacks)
    second = _generate(org, django_capture_on_commit_callbacks)
    assert first.pk == second.pk
    assert second.generation_count == 2
    assert Report.objects.count() == 1
    report_files = [p for p in Path(media).rglob("*") if p.is_file()]
    assert sorted(str(p.relative_to(media)) for p in report_files) == sorted(
        [second.pdf.name, second.xlsx.name]
    ), "the first generation's files are deleted once replaced"


def test_a_generation_that_dies_midway_leaves_the_previous_files(
    org, media, monkeypatch, django_capture_on_commit_callbacks
):
    first = _generate(org, django_capture_on_commit_callbacks)
    complete_pdf = (media / first.pdf.name).read_bytes()

    def killed(*args, **kwargs):
        raise OSError("worker killed")

    # The PDF of the second generation is stored, then the worker dies.
    monkeypatch.setattr(services, "panels_to_xlsx", killed)
    Report.objects.filter(pk=first.pk).update(status=Report.Status.FAILED)
    with pytest.raises(OSError, match="worker killed"):
        services.generate_report(report_id=first.pk)
    report = Report.objects.get(pk=first.pk)
    assert (report.pdf.name, report.xlsx.name) == (first.pdf.name, first.xlsx.name)
    assert (media / report.pdf.name).read_bytes() == complete_pdf
    files = sorted(p.name for p in Path(media).rglob("*") if p.is_file())
    assert len(files) == 3, "the dead generation's PDF is left for the sweep"


def test_schedule_twice_makes_one_report_per_agency(org, other_org):
    today = datetime.date(2026, 4, 1)
    services.schedule_due_reports(kind=Report.Kind.QUARTERLY, today=today)
    services.schedule_due_reports(kind=Report.Kind.QUARTERLY, today=today)
    reports = Report.objects.filter(kind=Report.Kind.QUARTERLY)
    assert reports.count() == 2
    assert {(r.period_start, r.period_end) for r in reports} == {
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    }


@pytest.mark.parametrize(
    ("kind", "start", "label"),
    [
        ("bulanan", datetime.date(2026, 11, 1), "November 2026"),
        ("triwulan", datetime.date(2026, 1, 1), "Triwulan I 2026"),
        ("triwulan", datetime.date(2026, 7, 1), "Triwulan III 2026"),
        ("triwulan", datetime.date(2026, 10, 1), "Triwulan IV 2026"),
    ],
)
def test_report_title_names_the_quarter_not_its_first_month(kind, start, label):
    """A third-quarter report was titled "Triwulanan … 07/2026", which reads as
    July."""
    report = Report(kind=kind, period_start=start)
    assert report.period_label == label


@pytest.mark.parametrize(
    ("kind", "today", "expected"),
    [
        ("bulanan", datetime.date(2026, 3, 1), ("2026-02-01", "2026-02-28")),
        ("bulanan", datetime.date(2026, 1, 15), ("2025-12-01", "2025-12-31")),
        ("triwulan", datetime.date(2026, 1, 1), ("2025-10-01", "2025-12-31")),
        ("triwulan", datetime.date(2026, 8, 20), ("2026-04-01", "2026-06-30")),
    ],
)
def test_last_complete_period(kind, today, expected):
    start, end = services.last_complete_period(kind, today)
    assert (start.isoformat(), end.isoformat()) == expected


def test_subscribers_are_told_once(org, django_capture_on_commit_callbacks):
    services.subscribe(user=org["leader"].user, agency=org["agency"], kind="bulanan")
    _generate(org, django_capture_on_commit_callbacks)
    _generate(org, django_capture_on_commit_callbacks)
    assert (
        Notification.objects.filter(
            recipient=org["leader"].user, kind="report_ready"
        ).count()
        == 1
    )


def test_hr_requests_a_report_and_downloads_it(
    client, org, django_capture_on_commit_callbacks
):
    client.force_login(org["hr"].user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("dashboard:report_request"),
            {"kind": "bulanan", "year": 2026, "number": 1},
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert len(callbacks) == 1
    generate_report_task.apply(args=[report.pk])
    detail = client.get(reverse("dashboard:report_detail", args=[report.pk]))
    assert "Selesai" in detail.content.decode()
    download = client.get(
        reverse("dashboard:report_download", args=[report.pk, "xlsx"])
    )
    workbook = open_export(download)
    competency = labelled(workbook["kompetensi"])
    reached = competency["ASN mencapai target JP"]
    assert isinstance(reached.value, int | float)
    assert reached.number_format == "0.0%"
    table = workbook["kompetensi"]
    header = next(row for row in table.iter_rows() if row[0].value == "Unit kerja")
    first = next(table.iter_rows(min_row=header[0].row + 1))
    assert isinstance(first[1].value, int)  # ASN
    assert first[1].number_format == "#,##0"
    assert first[3].number_format == "0.0%"  # Persen
    # "12 / 20" is two numbers: the figure and what it is out of.
    goals = labelled(workbook["mentoring"])["Tujuan tercapai"]
    assert isinstance(goals.value, int)
    assert isinstance(workbook["mentoring"].cell(goals.row, 3).value, int)


def test_bad_report_request_says_why(client, org):
    client.force_login(org["hr"].user)
    response = client.post(
        reverse("dashboard:report_request"),
        {"kind": "triwulan", "year": 2026, "number": 7},
    )
    assert response.status_code == 400
    assert "Triwulan hanya 1 sampai 4" in response.content.decode()
    assert not Report.objects.exists()


def test_a_leader_requests_a_report_of_their_own_scope_and_watches_it(
    login, org, django_capture_on_commit_callbacks
):
    leader_employee = org["leader"]
    leader_employee.dashboard_unit = org["unit"]
    leader_employee.save(update_fields=["dashboard_unit"])
    outside = WorkUnitFactory(agency=org["agency"])
    leader = login(leader_employee)
    month = {"kind": "bulanan", "year": 2026, "number": 1}

    # Narrowed to a unit: the whole agency and a unit outside it are refused.
    whole = leader.post(reverse("dashboard:report_request"), month)
    assert whole.status_code == 400
    assert "Bidang ini tidak boleh kosong" in whole.content.decode()
    other = leader.post(
        reverse("dashboard:report_request"), {**month, "unit": outside.pk}
    )
    assert other.status_code == 400
    assert not Report.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = leader.post(
            reverse("dashboard:report_request"), {**month, "unit": org["unit"].pk}
        )
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.unit == org["unit"]
    assert report.requested_by == leader_employee.user
    assert "Menunggu" in leader.get(report.get_absolute_url()).content.decode()
    assert len(callbacks) == 1
    generate_report_task.apply(args=[report.pk])
    listed = leader.get(reverse("dashboard:report_list")).content.decode()
    assert str(report) in listed
    assert "Selesai" in listed


def test_leader_reads_and_other_agency_cannot(
    client, login, org, other_org, django_capture_on_commit_callbacks
):
    report = _generate(org, django_capture_on_commit_callbacks)
    leader = login(org["leader"])
    assert leader.get(report.get_absolute_url()).status_code == 200
    foreign = login(other_org["hr"])
    assert foreign.get(report.get_absolute_url()).status_code == 404
    assert (
        foreign.get(
            reverse("dashboard:report_download", args=[report.pk, "pdf"])
        ).status_code
        == 404
    )


def test_a_report_left_pending_is_queued_again(org, django_capture_on_commit_callbacks):
    from django.utils import timezone

    report = Report.objects.create(
        agency=org["agency"],
        kind=Report.Kind.MONTHLY,
        period_start=JANUARY[0],
        period_end=JANUARY[1],
    )
    later = timezone.now() + services.STALL_AFTER * 2
    fresh = Report.objects.create(
        agency=org["agency"],
        kind=Report.Kind.QUARTERLY,
        period_start=JANUARY[0],
        period_end=datetime.date(2026, 3, 31),
    )
    Report.objects.filter(pk=fresh.pk).update(updated_at=later)
    queued = []
    original = services._queue_generation
    services._queue_generation = queued.append
    try:
        assert services.queue_stalled_reports(now=later) == 1
    finally:
        services._queue_generation = original
    assert queued == [report.pk]


def test_a_period_queued_twice_is_generated_once(
    org, media, django_capture_on_commit_callbacks
):
    """Two beats queue the same monthly report: the second task finds it claimed
    (or done) and leaves it alone."""
    first = _generate(org, django_capture_on_commit_callbacks)
    assert services.generate_report(report_id=first.pk) is None
    Report.objects.filter(pk=first.pk).update(
        status=Report.Status.RUNNING, claimed_at=timezone.now()
    )
    assert services.generate_report(report_id=first.pk) is None
    first.refresh_from_db()
    assert first.generation_count == 1


def test_the_sweep_removes_files_no_report_points_to(
    org, media, django_capture_on_commit_callbacks
):
    import os
    import time

    report = _generate(org, django_capture_on_commit_callbacks)
    folder = media / "reports" / org["agency"].code
    abandoned = folder / "bulanan-2026-01-instansi_a1b2c3d.pdf"
    abandoned.write_bytes(b"%PDF of a worker that died")
    old = time.time() - services.ORPHAN_AFTER.total_seconds() - 60
    os.utime(abandoned, (old, old))
    being_written = folder / "bulanan-2026-02-instansi.pdf"
    being_written.write_bytes(b"%PDF of a live generation")
    for name in (report.pdf.name, report.xlsx.name):
        os.utime(media / name, (old, old))

    services.queue_stalled_reports()

    assert not abandoned.exists()
    assert being_written.exists(), "a live generation's file is left alone"
    assert (media / report.pdf.name).exists()
    assert (media / report.xlsx.name).exists()


def test_the_demo_data_has_last_months_report_ready_to_download(client, org):
    from dashboard import demo

    demo.seed(agencies=[org["agency"]])
    report = Report.objects.get(agency=org["agency"])
    start, _end = services.last_complete_period(
        Report.Kind.MONTHLY, timezone.localdate()
    )
    assert (report.status, report.period_start) == (Report.Status.DONE, start)
    client.force_login(org["leader"].user)
    download = client.get(reverse("dashboard:report_download", args=[report.pk, "pdf"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
