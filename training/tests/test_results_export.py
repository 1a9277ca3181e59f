"""A questionnaire-results Excel too large for a request: offered, built by the
worker with its progress, announced in the inbox, downloaded by its requester only."""

import pytest
from django.urls import reverse

from dashboard.freshness import figures_changed
from notifications.models import Notification
from tests.sheets import assert_figures, open_export
from training import exports
from training.models import ResultsExport
from training.services import delivery as services
from training.services import exports as export_services
from training.tasks import build_results_export_task
from training.tests.factories import attended, finished_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def large(monkeypatch, org):
    """A program whose 12 answers count as a large export here."""
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 10)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 3)
    session = finished_session(org["agency"])
    template = services.template_for_session(session)
    for person in ("member", "outsider"):
        services.submit_questionnaire(
            enrolment=attended(session, org[person]),
            scores={q.pk: 3 for q in template.questions.all()},
        )
    return session.program


def test_a_large_export_is_built_in_the_background_and_sent_to_the_inbox(
    login, org, large, django_capture_on_commit_callbacks, monkeypatch
):
    client = login(org["hr"])
    url = reverse("training:program_results_export", args=[large.pk])
    offer = client.get(url)
    assert offer.status_code == 200
    assert 'data-testid="large-export"' in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = client.post(url)
    export = ResultsExport.objects.get()
    assert asked.url == export.get_absolute_url()
    # Besides the dashboard's "figures changed" note, one callback: the build.
    callbacks = [c for c in callbacks if c is not figures_changed]
    assert (export.status, export.rows, len(callbacks)) == ("menunggu", 12, 1)
    # The queued callback sends the build to the worker (here: runs it in place).
    monkeypatch.setattr(
        build_results_export_task,
        "delay",
        lambda pk: build_results_export_task.apply(args=[pk]),
    )
    callbacks[0]()
    export.refresh_from_db()
    assert (export.status, export.progress) == ("selesai", 100)
    assert export.finished_at is not None
    note = Notification.objects.get(recipient=org["hr"].user)
    assert note.url == reverse("training:results_export_download", args=[export.pk])
    assert "12 jawaban" in note.body
    detail = client.get(export.get_absolute_url())
    assert 'data-testid="export-download"' in detail.content.decode()
    workbook = open_export(client.get(note.url))
    assert workbook["Jawaban"].max_row == 1 + 12
    assert_figures(workbook["Jawaban"], numbers=["No. respons", "Nilai"])


def test_progress_is_reported_while_the_answers_are_written(org, large, monkeypatch):
    export = export_services.request_results_export(user=org["hr"].user, program=large)
    reported = []
    real = exports._reporting

    def spy(rows, progress):
        def recording(done):
            progress(done)
            reported.append(ResultsExport.objects.get(pk=export.pk).progress)

        return real(rows, recording)

    monkeypatch.setattr(exports, "_reporting", spy)
    export_services.build_results_export(export_id=export.pk)
    # 12 answers, told every 3; the last 5 % is saving the file.
    assert reported == [24, 48, 71, 95]


def test_asking_again_while_waiting_and_a_second_delivery_build_once(org, large):
    first = export_services.request_results_export(user=org["hr"].user, program=large)
    again = export_services.request_results_export(user=org["hr"].user, program=large)
    assert first.pk == again.pk
    assert export_services.build_results_export(export_id=first.pk) is not None
    assert export_services.build_results_export(export_id=first.pk) is None
    assert Notification.objects.filter(recipient=org["hr"].user).count() == 1


def test_only_the_requester_sees_and_downloads_the_export(login, org, large):
    export = export_services.request_results_export(user=org["hr"].user, program=large)
    export_services.build_results_export(export_id=export.pk)
    download = reverse("training:results_export_download", args=[export.pk])
    leader = login(org["leader"])
    assert leader.get(export.get_absolute_url()).status_code == 404
    assert leader.get(download).status_code == 404
    assert login(org["hr"]).get(download).status_code == 200


def test_a_small_export_still_downloads_at_once(login, org, large, monkeypatch):
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 1000)
    response = login(org["hr"]).get(
        reverse("training:program_results_export", args=[large.pk])
    )
    open_export(response)
    assert not ResultsExport.objects.exists()
