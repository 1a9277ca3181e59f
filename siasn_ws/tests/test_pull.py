"""The scheduled pull (issue #26): each day the agency's employees are read from the
SIASN web service (the fake on 127.0.0.1) and what changed waits in the agency's one
sync preview, which HR of that agency, and no one else, confirm like a re-imported
download. A failed pull leaves no half preview and is tried again; a pull that finds
the same changes, or none, makes no new preview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Employee, PendingImport
from people.services import unpacked
from people.tests.factories import WorkUnitFactory
from siasn_ws import pull
from siasn_ws.models import SiasnConnection
from siasn_ws.tasks import pull_from_siasn_task

pytestmark = pytest.mark.django_db
SHORT_TIMEOUT = 1.0
SLOW = 3


def _siasn_says(fake_siasn, employee, **changes):
    fake_siasn.pns[employee.nip].update(changes)


def _due():
    SiasnConnection.objects.update(
        pull_next_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def _pulls():
    return PendingImport.objects.filter(user__isnull=True)


def test_a_pull_with_changes_waits_for_hr_who_confirm_it_with_its_source(
    org, pulling, fake_siasn, login, run_jobs
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    Employee.objects.filter(pk=org["member"].pk).update(siasn_id="")

    pull_from_siasn_task.apply()

    pending = _pulls().get()
    assert pending.agency == org["agency"]
    assert unpacked(pending.preview)["counts"]["golongan"] == 1
    client = login(org["hr"])
    page = client.get(reverse("people:employee_import")).content.decode()
    assert "Layanan web SIASN" in page
    preview = client.get(
        reverse("people:employee_import_preview", args=[pending.token])
    )
    assert preview.status_code == 200
    assert "III/a" in preview.content.decode()
    assert "III/b" in preview.content.decode()

    with run_jobs():
        client.post(reverse("people:employee_import_confirm"), {"token": pending.token})

    member = Employee.objects.get(pk=org["member"].pk)
    assert member.golongan == "III/b"
    assert member.siasn_id == fake_siasn.pns[member.nip]["id"]
    day = timezone.localdate().strftime("%d-%m-%Y")
    assert member.history.first().history_change_reason == f"Layanan web SIASN {day}"
    assert not _pulls().exists()


def test_the_same_changes_found_again_keep_the_preview_hr_may_be_reading(
    org, pulling, fake_siasn
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    token = _pulls().get().token

    _due()
    pull_from_siasn_task.apply()

    assert list(_pulls().values_list("token", flat=True)) == [token]


def test_new_changes_replace_the_waiting_preview(org, pulling, fake_siasn):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    _siasn_says(fake_siasn, org["outsider"], jabatanNama="Analis Kepegawaian")

    _due()
    pull_from_siasn_task.apply()

    counts = unpacked(_pulls().get().preview)["counts"]
    assert (counts["golongan"], counts["jabatan"]) == (1, 1)


def test_a_pull_that_finds_nothing_new_makes_no_preview(org, pulling, fake_siasn):
    assert pull.pull_from_siasn(connection=pulling).pending is None
    assert not _pulls().exists()
    pulling.refresh_from_db()
    assert pulling.pull_finished_at is not None
    assert pulling.pull_next_at > timezone.now() + datetime.timedelta(hours=23)


def test_after_hr_confirm_the_next_pull_makes_no_new_preview(
    org, pulling, fake_siasn, login, run_jobs
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    token = _pulls().get().token
    with run_jobs():
        login(org["hr"]).post(
            reverse("people:employee_import_confirm"), {"token": token}
        )

    _due()
    pull_from_siasn_task.apply()

    assert not _pulls().exists()


def test_a_pull_is_not_due_again_until_the_next_day(org, pulling, fake_siasn):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    asked = len(fake_siasn.calls)

    pull_from_siasn_task.apply()  # the next quarter hour, or a second beat

    assert len(fake_siasn.calls) == asked


def test_two_runs_cannot_pull_the_same_agency_at_once(pulling):
    assert pull.claim_pull(pk=pulling.pk) is not None
    assert pull.claim_pull(pk=pulling.pk) is None


def test_a_run_that_died_mid_pull_is_taken_over_when_its_claim_ends(
    org, pulling, fake_siasn
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull.claim_pull(pk=pulling.pk)  # … and the worker is killed here

    pull_from_siasn_task.apply()
    assert not _pulls().exists()  # still held

    SiasnConnection.objects.update(
        pull_lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    pull_from_siasn_task.apply()
    assert _pulls().count() == 1


@pytest.mark.parametrize(
    ("fault", "message"),
    [(("status", 503), "SIASN menjawab 503"), (("slow", SLOW), "tidak menjawab")],
)
def test_a_failed_pull_leaves_the_last_preview_as_it_was_and_is_tried_again(
    org, pulling, fake_siasn, settings, fault, message
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    token = _pulls().get().token
    _siasn_says(fake_siasn, org["outsider"], golRuangAkhir="III/c")
    settings.SIASN_TIMEOUT_SECONDS = SHORT_TIMEOUT
    fake_siasn.fail_next(None, None, None, fault)  # ref-unor and two employees pass

    _due()
    result = pull.pull_from_siasn(connection=pull.claim_pull(pk=pulling.pk))

    assert message in result.problem
    assert list(_pulls().values_list("token", flat=True)) == [token]
    pulling.refresh_from_db()
    assert message in pulling.pull_error
    assert (
        timezone.now()
        < pulling.pull_next_at
        < timezone.now() + datetime.timedelta(hours=1)
    )
    settings.SIASN_TIMEOUT_SECONDS = 30
    _due()
    pull_from_siasn_task.apply()
    counts = unpacked(_pulls().get().preview)["counts"]
    assert counts["golongan"] == 2
    pulling.refresh_from_db()
    assert pulling.pull_error == ""


def test_a_first_failure_leaves_no_preview_at_all(org, pulling, fake_siasn):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    fake_siasn.fail_next(None, None, None, None, ("status", 502))

    pull_from_siasn_task.apply()

    assert not _pulls().exists()


def test_an_expired_token_is_fetched_again_and_the_pull_goes_on(
    org, pulling, fake_siasn
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    before = fake_siasn.token_requests
    fake_siasn.expire_tokens()
    _siasn_says(fake_siasn, org["outsider"], golRuangAkhir="III/c")

    _due()
    pull_from_siasn_task.apply()

    assert fake_siasn.token_requests == before + 2
    assert unpacked(_pulls().get().preview)["counts"]["golongan"] == 2


def test_an_employee_siasn_refuses_to_give_is_left_out_not_ended(
    org, pulling, fake_siasn, login, run_jobs
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    outsider = org["outsider"]
    # ref-unor, then the employees in NIP order: refuse the outsider's.
    order = sorted(Employee.objects.values_list("nip", flat=True))
    faults = [None] * (1 + order.index(outsider.nip)) + [("refuse", "NIP diblokir")]
    fake_siasn.fail_next(*faults)

    pull_from_siasn_task.apply()

    pending = _pulls().get()
    data = unpacked(pending.preview)
    assert data["skipped"] == [[outsider.nip, outsider.name, ["NIP diblokir"]]]
    assert data["missing"] == []
    page = login(org["hr"]).get(
        reverse("people:employee_import_preview", args=[pending.token])
    )
    assert "NIP diblokir" in page.content.decode()
    with run_jobs():
        login(org["hr"]).post(
            reverse("people:employee_import_confirm"), {"token": pending.token}
        )
    assert Employee.objects.get(pk=outsider.pk).is_active


def test_data_the_download_mapping_refuses_is_left_out_with_its_reason(
    org, pulling, fake_siasn
):
    _siasn_says(
        fake_siasn,
        org["outsider"],
        jenisJabatan="Jabatan Fungsional",
        jabatanNama="Pranata Komputer",
    )

    pull_from_siasn_task.apply()

    [(nip, _name, reasons)] = unpacked(_pulls().get().preview)["skipped"]
    assert nip == org["outsider"].nip
    assert "Fungsional' perlu dirinci" in reasons[0]


def test_an_employee_siasn_does_not_know_or_places_elsewhere_is_proposed_to_end(
    org, pulling, fake_siasn, login, run_jobs
):
    del fake_siasn.pns[org["outsider"].nip]
    _siasn_says(fake_siasn, org["mentor"], instansiKerjaId="INSTANSI-LAIN")

    pull_from_siasn_task.apply()

    pending = _pulls().get()
    missing = {m["nip"] for m in unpacked(pending.preview)["missing"]}
    assert missing == {org["outsider"].nip, org["mentor"].nip}
    assert set(pending.to_end) == missing  # 2 of 6: proposed ticked
    page = login(org["hr"]).get(
        reverse("people:employee_import_preview", args=[pending.token])
    )
    assert 'data-testid="pull-missing"' in page.content.decode()
    with run_jobs():
        login(org["hr"]).post(
            reverse("people:employee_import_confirm"), {"token": pending.token}
        )
    assert not Employee.objects.get(pk=org["outsider"].pk).is_active


def test_a_unit_siasn_names_only_by_its_id_is_found_by_its_ref_unor_name(
    org, pulling, fake_siasn
):
    other = WorkUnitFactory(agency=org["agency"], name="Puskesmas Kota")
    fake_siasn.add_unor("8ae4828800000002", "Puskesmas Kota")
    _siasn_says(fake_siasn, org["member"], unorId="8ae4828800000002")

    pull_from_siasn_task.apply()

    [change] = unpacked(_pulls().get().preview)["changes"]
    assert change["fields"] == [["unit", org["unit"].name, other.name]]


def test_hr_of_another_agency_cannot_see_or_confirm_the_preview(
    org, other_org, pulling, fake_siasn, login, run_jobs
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    token = _pulls().get().token
    client = login(other_org["hr"])

    preview = client.get(reverse("people:employee_import_preview", args=[token]))
    choose = client.post(
        reverse("people:employee_import_choose", args=[token]), {"action": "keep_all"}
    )
    with run_jobs():
        confirm = client.post(
            reverse("people:employee_import_confirm"), {"token": token}
        )
    page = client.get(reverse("people:employee_import")).content.decode()

    assert (preview.status_code, choose.status_code) == (404, 404)
    assert confirm.status_code == 302
    assert Employee.objects.get(pk=org["member"].pk).golongan == "III/a"
    assert _pulls().get().token == token
    assert "siasn-pull-waiting" not in page
    leader = login(org["leader"]).get(
        reverse("people:employee_import_preview", args=[token])
    )
    assert leader.status_code == 403


def test_without_credentials_the_pull_says_which_are_missing(
    org, pulling, fake_siasn, monkeypatch, login
):
    monkeypatch.delenv(pulling.variable_names()[0])

    pull_from_siasn_task.apply()

    pulling.refresh_from_db()
    assert pulling.variable_names()[0] in pulling.pull_error
    assert fake_siasn.calls == []
    page = login(org["hr"]).get(reverse("siasn_ws:outbox")).content.decode()
    assert pulling.variable_names()[0] in page


def test_only_agencies_that_switched_the_pull_on_are_pulled(org, pulling, fake_siasn):
    pulling.pull_enabled = False
    pulling.save()

    pull_from_siasn_task.apply()

    assert fake_siasn.calls == []


def test_hr_see_the_pull_and_its_waiting_preview_on_the_siasn_page(
    org, pulling, fake_siasn, login
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    token = _pulls().get().token

    page = login(org["hr"]).get(reverse("siasn_ws:outbox")).content.decode()

    assert 'data-testid="siasn-pull"' in page
    assert reverse("people:employee_import_preview", args=[token]) in page


def test_hr_home_says_a_pull_waits_and_other_roles_see_nothing_of_it(
    org, other_org, pulling, fake_siasn, login
):
    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")
    pull_from_siasn_task.apply()
    waiting = "Perubahan data pegawai dari SIASN menunggu konfirmasi"

    assert waiting in login(org["hr"]).get("/").content.decode()
    assert waiting not in login(org["leader"]).get("/").content.decode()
    assert waiting not in login(other_org["hr"]).get("/").content.decode()


def test_a_database_fault_lets_the_claim_go_so_the_retried_task_pulls_at_once(
    org, pulling, fake_siasn, monkeypatch
):
    from django.db import OperationalError

    _siasn_says(fake_siasn, org["member"], golRuangAkhir="III/b")

    def lost_database(**_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(pull, "keep_agency_preview", lost_database)
    with pytest.raises(OperationalError):
        pull.pull_from_siasn(connection=pull.claim_pull(pk=pulling.pk))
    assert not _pulls().exists()

    assert pull.claim_pull(pk=pulling.pk) is not None  # the retry takes it at once
