import datetime

import pytest

from dashboard.models import Report
from dashboard.tasks import generate_report_task

pytestmark = pytest.mark.worker


def test_real_worker_generates_a_report(real_worker, org, settings, tmp_path):
    media = tmp_path / "media"
    real_worker.env["MEDIA_ROOT"] = str(media)
    report = Report.objects.create(
        agency=org["agency"],
        kind=Report.Kind.QUARTERLY,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    real_worker.start()
    # Queued twice (two beats, a redelivered task): generated once.
    real_worker.send(generate_report_task, report.pk)
    real_worker.send(generate_report_task, report.pk)
    real_worker.wait_until(
        lambda: (
            Report.objects.get(pk=report.pk).status == Report.Status.DONE
            and real_worker.drained()
        ),
        timeout=90,
    )
    report.refresh_from_db()
    assert report.generation_count == 1
    assert (media / report.pdf.name).read_bytes().startswith(b"%PDF")
    assert Report.objects.count() == 1
    stored = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    assert stored == sorted([report.pdf.name, report.xlsx.name])
