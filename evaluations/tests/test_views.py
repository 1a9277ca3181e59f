"""Per-view behaviour through the client: the full period, the refusals and what
the pages show."""

import base64
import re
import zlib

import pytest
from django.urls import reverse

from evaluations.models import Assessment, PerformancePlan
from evaluations.rules import BerAkhlak, Predikat, Rating
from evaluations.tests.factories import make_rated, make_submitted, rating_kwargs
from people.models import Employee
from people.tests.factories import SIGNERS, make_documents
from tests.pdfs import first_page_png, inked, pdf_text
from tests.sheets import assert_figures, column, open_export

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> bytes:
    """The page streams of a reportlab PDF (ASCII85 then Flate), concatenated."""
    text = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2], adobe=False)
        try:
            text += zlib.decompress(data)
        except zlib.error:
            continue
    return text


def _rating_post(assessment, hasil="sesuai", perilaku="sesuai"):
    kwargs = rating_kwargs(assessment, hasil=hasil, perilaku=perilaku)
    data = {f"result_{pk}": r for pk, r in kwargs["result_ratings"].items()}
    data |= {f"value_{v}": r for v, r in kwargs["value_ratings"].items()}
    return data | {
        "hasil_kerja": hasil,
        "perilaku_kerja": perilaku,
        "feedback": "Tingkatkan kolaborasi.",
    }


def test_full_period_through_the_client(client, org, period, head):
    member, supervisor = org["member"], org["supervisor"]
    client.force_login(member.user)
    client.post(reverse("evaluations:plan_create"), {"year": period.year})
    plan = PerformancePlan.objects.get(employee=member)
    client.post(
        reverse("evaluations:result_add", args=[plan.pk]),
        {"description": "Laporan imunisasi", "indicator": "Tepat", "target": "12"},
    )
    client.post(reverse("evaluations:plan_submit", args=[plan.pk]))
    client.force_login(supervisor.user)
    client.post(
        reverse("evaluations:plan_review", args=[plan.pk]), {"decision": "agree"}
    )
    result = plan.results.get()
    client.post(
        reverse("evaluations:feedback_add", args=[plan.pk]),
        {"date": "2026-02-01", "target": f"r{result.pk}", "note": "Data rapi"},
    )
    client.force_login(member.user)
    response = client.post(
        reverse("evaluations:assessment_open", args=[plan.pk, period.pk])
    )
    assessment = Assessment.objects.get(plan=plan, period=period)
    assert response.url == assessment.get_absolute_url()
    client.post(
        reverse("evaluations:realisation_save", args=[assessment.pk]),
        {
            f"realisation_{result.pk}": "12 laporan terkirim",
            f"evidence_link_{result.pk}": "https://drive.example.go.id/x",
            "submit": "1",
        },
    )
    client.force_login(supervisor.user)
    page = client.get(reverse("evaluations:assessment_rate", args=[assessment.pk]))
    assert "Data rapi" in page.content.decode()  # feedback beside the ratings
    assert "predikat" not in page.context["form"].fields
    client.post(
        reverse("evaluations:assessment_rate", args=[assessment.pk]),
        _rating_post(assessment, hasil="diatas", perilaku="diatas"),
    )
    assessment.refresh_from_db()
    assert assessment.predikat == Predikat.SANGAT_BAIK
    client.force_login(member.user)
    client.post(reverse("evaluations:assessment_acknowledge", args=[assessment.pk]))
    client.force_login(supervisor.user)
    client.post(
        reverse("evaluations:follow_up_save", args=[assessment.pk]),
        {
            "summary": "Usul pegawai teladan",
            "action_kind_0": "recognition",
            "action_description_0": "Piagam",
        },
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACKNOWLEDGED
    assert assessment.follow_up.actions.count() == 1
    body = client.get(assessment.get_absolute_url()).content.decode()
    assert "Sangat Baik" in body
    assert "Rekomendasi penghargaan" in body


def test_asn_cannot_open_the_rating_form_for_themselves(client, org, period):
    assessment = make_submitted(org["member"], period)
    client.force_login(org["member"].user)
    response = client.post(
        reverse("evaluations:assessment_rate", args=[assessment.pk]),
        _rating_post(assessment, "diatas", "diatas"),
    )
    assert response.status_code == 403
    assert "diri sendiri" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.predikat == ""


def test_supervisor_cannot_rate_outside_their_team(client, org, period):
    stranger = org["outsider"]
    stranger.supervisor = org["leader"]
    stranger.save()
    assessment = make_submitted(stranger, period)
    client.force_login(org["supervisor"].user)
    response = client.post(
        reverse("evaluations:assessment_rate", args=[assessment.pk]),
        _rating_post(assessment),
    )
    # Not their team: the assessment is not even visible to them.
    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_hr_sees_but_is_told_only_the_supervisor_rates(client, org, period):
    assessment = make_submitted(org["member"], period)
    client.force_login(org["hr"].user)
    assert client.get(assessment.get_absolute_url()).status_code == 200
    response = client.get(reverse("evaluations:assessment_rate", args=[assessment.pk]))
    assert response.status_code == 403
    assert "Hanya atasan langsung" in response.content.decode()


def test_finalised_result_cannot_be_changed_by_the_asn(client, org, period):
    assessment = make_rated(org["member"], period)
    client.force_login(org["member"].user)
    client.post(reverse("evaluations:assessment_acknowledge", args=[assessment.pk]))
    result = assessment.plan.results.first()
    response = client.post(
        reverse("evaluations:realisation_save", args=[assessment.pk]),
        {f"realisation_{result.pk}": "diubah setelah final"},
    )
    assert response.status_code == 403
    assert "sudah final" in response.content.decode()
    objection = client.post(
        reverse("evaluations:objection_file", args=[assessment.pk]),
        {"reason": "Terlambat"},
    )
    assert objection.status_code == 403
    assert not assessment.results.filter(realisation="diubah setelah final").exists()


def test_objection_is_decided_by_the_head_and_history_shows_who(
    client, org, period, head
):
    assessment = make_rated(
        org["member"], period, hasil=Rating.BELOW, perilaku=Rating.MEETS
    )
    client.force_login(org["member"].user)
    client.post(
        reverse("evaluations:objection_file", args=[assessment.pk]),
        {"reason": "Laporan Maret belum dihitung"},
    )
    client.force_login(head.user)
    team_page = client.get(reverse("evaluations:team")).content.decode()
    assert "Keberatan menunggu keputusan Anda" in team_page
    client.post(
        reverse("evaluations:objection_decide", args=[assessment.pk]),
        {
            "decision": "change",
            "hasil_kerja": "sesuai",
            "perilaku_kerja": "sesuai",
            "note": "Laporan Maret ada",
        },
    )
    assessment.refresh_from_db()
    assert assessment.predikat == Predikat.BAIK
    client.force_login(org["member"].user)
    response = client.get(assessment.get_absolute_url())
    history = response.context["history"]
    predikats = [h.predikat for h in history]
    assert Predikat.BUTUH_PERBAIKAN in predikats
    assert predikats[-1] == Predikat.BAIK
    assert history[-1].history_user == head.user
    assert head.name in response.content.decode()


def test_pdf_is_a_pdf_with_the_name_of_the_asn(client, org, period):
    assessment = make_rated(org["member"], period)
    client.force_login(org["member"].user)
    response = client.get(reverse("evaluations:assessment_pdf", args=[assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    assert org["member"].nip.encode() in text  # the identity block
    assert org["member"].name.split()[0].encode() in text
    assert b"PREDIKAT KINERJA" in text


def test_the_skp_document_follows_the_appendix_and_is_signed(client, org, period):
    """PermenPANRB 6/2022's evaluation document: its headings and period, the
    appraiser's signature with place and date, and the agency's SKP signatory
    under "Mengetahui", below the kop surat."""
    make_documents(org["agency"])
    assessment = make_rated(org["member"], period)
    client.force_login(org["member"].user)
    content = client.get(
        reverse("evaluations:assessment_pdf", args=[assessment.pk])
    ).content
    text = pdf_text(content)
    assert f"PEMERINTAH KOTA UJI {org['agency'].code.upper()}" in text
    assert "EVALUASI KINERJA PEGAWAI" in text
    assert f"PERIODE: {period.name.upper()}" in text
    assert "PERIODE PENILAIAN: " in text
    for heading in (
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "RATING HASIL KERJA",
        "RATING PERILAKU KERJA",
        "PREDIKAT KINERJA PEGAWAI",
    ):
        assert heading in text
    appraiser = assessment.rated_by or org["member"].supervisor
    assert appraiser.full_name in text
    # Under each signature, the NIP as Indonesian documents space it.
    for person in (org["member"], appraiser):
        nip = person.nip
        assert f"NIP. {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" in text
    assert "Pematangsiantar, " in text
    signer, _nip = SIGNERS["dokumen_skp"]
    assert "Mengetahui," in text
    assert signer in text
    assert "NIP. 19800214 200501 2 002" in text
    page = first_page_png(content, "skp")
    assert inked(page, (0.05, 0.02, 0.95, 0.15)) > 0.01  # the kop surat
    assert inked(page, (0.05, 0.2, 0.95, 0.6)) > 0.01  # identity and results


def test_overview_counts_and_excel_export(client, org, period):
    make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    other = org["outsider"]
    other.supervisor = org["supervisor"]
    other.save()
    make_submitted(other, period)
    client.force_login(org["hr"].user)
    page = client.get(reverse("evaluations:overview"), {"periode": period.pk})
    totals = page.context["totals"]
    assert (totals.planned, totals.submitted, totals.rated) == (2, 2, 1)
    assert totals.predikat[Predikat.SANGAT_BAIK] == 1
    response = client.get(reverse("evaluations:overview_xlsx"), {"periode": period.pk})
    workbook = open_export(response)
    completion = workbook.worksheets[0]
    assert_figures(completion, numbers=["Pegawai", "SKP disetujui", "Diajukan"])
    assert column(completion, "Pegawai")[0].number_format == "#,##0"
    assert_figures(workbook.worksheets[1], numbers=[str(Predikat.SANGAT_BAIK.label)])
    rows = list(completion.iter_rows(values_only=True))
    assert rows[0][:4] == ("Unit kerja", "Pegawai", "SKP disetujui", "Diajukan")
    unit_row = next(r for r in rows if r[0] == org["unit"].name)
    assert unit_row[1:] == (
        Employee.objects.filter(unit=org["unit"]).count(),  # everyone of the org
        2,
        2,
        1,
        0,
    )
    distribution = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert distribution[1][:2] == (org["unit"].name, 1)


def test_cap_warning_shows_but_changes_nothing(client, org, period):
    from evaluations.models import EvaluationSettings

    EvaluationSettings.objects.create(agency=org["agency"], sangat_baik_cap_percent=20)
    assessment = make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    client.force_login(org["hr"].user)
    body = client.get(reverse("evaluations:overview")).content.decode()
    assert 'data-testid="cap-warning"' in body
    assessment.refresh_from_db()
    assert assessment.predikat == Predikat.SANGAT_BAIK


def test_talent_grid_places_the_asn_in_the_domain_box(client, org, period):
    from evaluations import services

    make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    services.record_potential(
        employee=org["member"], user=org["hr"].user, year=period.year, score=90
    )
    client.force_login(org["leader"].user)
    response = client.get(reverse("evaluations:talent_grid"))
    cells = {c["box"]: c for row in response.context["grid"] for c in row["cells"]}
    assert cells[9]["count"] == 1
    assert cells[9]["names"][0]["name"] == org["member"].name
    assert sum(c["count"] for c in cells.values()) == 1


def test_team_page_lists_the_direct_team_only(client, org, period):
    make_submitted(org["member"], period)
    client.force_login(org["supervisor"].user)
    response = client.get(reverse("evaluations:team"))
    names = [m.name for m in response.context["rows"]]
    assert names == [org["member"].name]
    assert "Menunggu penilaian atasan" in response.content.decode()


def test_menus_and_tiles_per_role(client, org):
    client.force_login(org["hr"].user)
    body = client.get(reverse("home")).content.decode()
    assert "Ikhtisar kinerja" in body
    assert "9-box talenta" in body
    client.force_login(org["member"].user)
    body = client.get(reverse("home")).content.decode()
    assert "Kinerja saya (SKP)" in body
    assert "Ikhtisar kinerja" not in body


def test_evidence_file_is_checked_by_content(client, org, period):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations import services
    from evaluations.tests.factories import make_agreed_plan

    plan = make_agreed_plan(org["member"], year=period.year)
    assessment = services.open_assessment(
        plan=plan, period=period, user=org["member"].user
    )
    result = plan.results.first()
    client.force_login(org["member"].user)
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    client.post(
        reverse("evaluations:realisation_save", args=[assessment.pk]),
        {f"realisation_{result.pk}": "x", f"evidence_file_{result.pk}": fake},
    )
    assert not assessment.results.exists()


def test_seven_berakhlak_values_on_the_rating_form(client, org, period):
    assessment = make_submitted(org["member"], period)
    client.force_login(org["supervisor"].user)
    form = client.get(
        reverse("evaluations:assessment_rate", args=[assessment.pk])
    ).context["form"]
    assert all(f"value_{v}" in form.fields for v in BerAkhlak.values)


def test_evidence_file_is_served_only_to_who_sees_the_assessment(
    client, org, other_org, period, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations import services
    from evaluations.tests.factories import make_agreed_plan

    settings.MEDIA_ROOT = tmp_path
    plan = make_agreed_plan(org["member"], year=period.year)
    assessment = services.open_assessment(
        plan=plan, period=period, user=org["member"].user
    )
    result = plan.results.first()
    client.force_login(org["member"].user)
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n% bukti kegiatan\n%%EOF\n")
    client.post(
        reverse("evaluations:realisation_save", args=[assessment.pk]),
        {f"realisation_{result.pk}": "Selesai", f"evidence_file_{result.pk}": upload},
    )
    row = assessment.results.get(work_result=result)
    url = reverse("evaluations:evidence_download", args=[row.pk])
    client.force_login(org["supervisor"].user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(other_org["hr"].user)
    assert client.get(url).status_code == 404
    client.force_login(org["outsider"].user)
    assert client.get(url).status_code == 404


def test_re_rating_a_work_result_is_in_the_item_history(client, org, period):
    from evaluations import services

    assessment = make_rated(org["member"], period)
    kwargs = rating_kwargs(assessment, hasil=Rating.ABOVE, perilaku=Rating.MEETS)
    services.rate_assessment(
        assessment=assessment, user=org["supervisor"].user, **kwargs
    )
    client.force_login(org["member"].user)
    response = client.get(assessment.get_absolute_url())
    changes = response.context["item_history"]
    re_rated = [c for c in changes if c["previous"] == Rating.MEETS]
    assert len(re_rated) == 2  # both work results went from sesuai to di atas
    assert re_rated[0]["record"].history_user == org["supervisor"].user
    body = response.content.decode()
    assert "Di Atas Ekspektasi" in body
    predikats = [h.predikat for h in response.context["history"]]
    assert predikats[-2:] == [Predikat.BAIK, Predikat.BAIK]


def test_leader_with_a_unit_scope_sees_only_that_subtree(client, org, period):
    from people.tests.factories import EmployeeFactory, WorkUnitFactory

    other_unit = WorkUnitFactory(agency=org["agency"], code="LAIN", name="Dinas Lain")
    boss = EmployeeFactory(agency=org["agency"], unit=other_unit)
    outside = EmployeeFactory(agency=org["agency"], unit=other_unit, supervisor=boss)
    make_rated(outside, period)
    make_rated(org["member"], period)
    leader = org["leader"]
    leader.dashboard_unit = org["unit"]
    leader.save()
    client.force_login(leader.user)
    overview = client.get(reverse("evaluations:overview"), {"periode": period.pk})
    assert [u.name for u in overview.context["units"]] == [org["unit"].name]
    assert overview.context["totals"].rated == 1
    grid = client.get(reverse("evaluations:talent_grid"), {"periode": period.pk})
    assert grid.context["total"] == 1
    detail = client.get(
        reverse(
            "evaluations:assessment_detail",
            args=[outside.assessments.get().pk],
        )
    )
    assert detail.status_code == 404


def test_talent_grid_falls_back_to_last_years_potential(client, org, period):
    from evaluations import services

    make_rated(org["member"], period, hasil="sesuai", perilaku="sesuai")
    services.record_potential(
        employee=org["member"], user=org["hr"].user, year=period.year - 1, score=50
    )
    client.force_login(org["hr"].user)
    response = client.get(reverse("evaluations:talent_grid"), {"periode": period.pk})
    cells = {c["box"]: c for row in response.context["grid"] for c in row["cells"]}
    assert cells[2]["count"] == 1  # Sesuai × Rendah
    assert response.context["without_potential"] == 0


def test_hr_sets_agency_settings_and_period_dates(client, org, period):
    from evaluations.models import EvaluationPeriod, EvaluationSettings

    client.force_login(org["hr"].user)
    client.post(
        reverse("evaluations:settings"),
        {
            "frequency": "monthly",
            "potential_medium_from": 60,
            "potential_high_from": 80,
            "sangat_baik_cap_percent": 25,
            "expected_sangat_baik": 10,
            "expected_baik": 70,
            "expected_butuh_perbaikan": 15,
            "expected_kurang": 3,
            "expected_sangat_kurang": 2,
            "reminder_days_before_close": 5,
        },
    )
    saved = EvaluationSettings.objects.get(agency=org["agency"])
    assert (saved.frequency, saved.sangat_baik_cap_percent) == ("monthly", 25)
    client.post(reverse("evaluations:period_list"), {"year": 2031})
    assert EvaluationPeriod.objects.filter(year=2031, kind="monthly").count() == 12
    bad = client.post(
        reverse("evaluations:period_edit", args=[period.pk]),
        {
            "name": period.name,
            "starts_on": "2030-01-01",
            "ends_on": "2030-03-31",
            "opens_on": "2030-04-15",
            "closes_on": "2030-04-01",
        },
    )
    assert bad.status_code == 200
    assert "ditutup setelah dibuka" in bad.content.decode()


def test_the_expected_distribution_must_add_up_to_100(client, org):
    """Five shares of one whole: 10 + 70 + 15 + 3 + 3 = 101 is refused at the first
    share, saying the sum."""
    client.force_login(org["hr"].user)
    response = client.post(
        reverse("evaluations:settings"),
        {
            "frequency": "monthly",
            "potential_medium_from": 60,
            "potential_high_from": 80,
            "expected_sangat_baik": 10,
            "expected_baik": 70,
            "expected_butuh_perbaikan": 15,
            "expected_kurang": 3,
            "expected_sangat_kurang": 3,
            "reminder_days_before_close": 5,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expected_sangat_baik"] == [
        "Distribusi harapan kelima predikat harus berjumlah 100% (sekarang 101%)."
    ]
    from evaluations.models import EvaluationSettings

    assert not EvaluationSettings.objects.filter(agency=org["agency"]).exists()


def test_the_organisation_rating_sets_the_pattern_the_overview_checks(
    client, org, period
):
    """HR records the organisation as Butuh Perbaikan: one rated ASN with Sangat Baik
    is 100% Sangat Baik (at most 10%) and 0% Butuh Perbaikan (at least 60%)."""
    assessment = make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    client.force_login(org["hr"].user)
    page = reverse("evaluations:organisation_ratings", args=[period.pk])
    response = client.post(
        page, {"unit": "", "rating": "butuh_perbaikan", "source": "LHE SAKIP 2026"}
    )
    assert response.status_code == 302
    body = client.get(reverse("evaluations:overview")).content.decode()
    assert "Predikat kinerja organisasi periode ini: <strong>Butuh Perbaikan" in body
    assert "Butuh Perbaikan: 0 pegawai (0,0%), kurang dari minimal 60%." in body
    assert "Sangat Baik: 1 pegawai (100,0%), melebihi maksimal 10%." in body
    # Recorded again, it replaces the first; as Istimewa the 100% is over 70%.
    client.post(page, {"unit": "", "rating": "istimewa", "source": "LHE revisi"})
    body = client.get(reverse("evaluations:overview")).content.decode()
    assert "Sangat Baik: 1 pegawai (100,0%), melebihi maksimal 70%." in body
    assert "kurang dari minimal 60%" not in body
    assessment.refresh_from_db()
    assert assessment.predikat == Predikat.SANGAT_BAIK


def test_a_unit_rating_overrides_the_organisations_for_that_unit(client, org, period):
    make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    client.force_login(org["hr"].user)
    page = reverse("evaluations:organisation_ratings", args=[period.pk])
    client.post(page, {"unit": "", "rating": "butuh_perbaikan", "source": "LHE"})
    client.post(
        page, {"unit": org["unit"].pk, "rating": "istimewa", "source": "LHE unit"}
    )
    response = client.get(reverse("evaluations:overview"))
    unit = next(u for u in response.context["units"] if u.unit_id == org["unit"].pk)
    assert unit.rating == "istimewa"
    assert unit.findings == ["Sangat Baik: 1 pegawai (100,0%), melebihi maksimal 70%."]


def test_without_an_organisation_rating_the_overview_says_so(client, org, period):
    client.force_login(org["leader"].user)
    body = client.get(reverse("evaluations:overview")).content.decode()
    assert "Predikat kinerja organisasi periode ini belum dicatat" in body


def test_recording_a_rating_needs_its_source(client, org, period):
    client.force_login(org["hr"].user)
    page = reverse("evaluations:organisation_ratings", args=[period.pk])
    response = client.post(page, {"unit": "", "rating": "baik", "source": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["source"]


def test_the_dashboard_states_the_rating_and_where_the_predikat_leave_it(
    client, org, period
):
    from evaluations import services

    make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    client.force_login(org["leader"].user)
    panels = client.get(reverse("dashboard:dashboard")).context["panels"]
    headline = next(
        h
        for p in panels
        if p.key == "kinerja"
        for h in p.headlines
        if h.label == "Predikat kinerja organisasi"
    )
    assert headline.value == "belum dicatat"
    services.record_organisation_rating(
        period=period,
        unit=None,
        rating="baik",
        source="LHE SAKIP",
        user=org["hr"].user,
    )
    panels = client.get(reverse("dashboard:dashboard")).context["panels"]
    headline = next(
        h
        for p in panels
        if p.key == "kinerja"
        for h in p.headlines
        if h.label == "Predikat kinerja organisasi"
    )
    assert headline.value == "Baik"
    # One Sangat Baik under "Baik": nobody is Butuh Perbaikan or Kurang.
    assert headline.note == (
        "Harus ada pegawai dengan predikat Butuh Perbaikan / Kurang/Misconduct."
    )


def test_a_unit_without_its_own_rating_is_not_checked_alone(client, org, period):
    """The organisation's pattern is for all its employees together: the unit of
    this one Sangat Baik shows no finding of its own, the totals do."""
    make_rated(org["member"], period, hasil="diatas", perilaku="diatas")
    client.force_login(org["hr"].user)
    page = reverse("evaluations:organisation_ratings", args=[period.pk])
    client.post(page, {"unit": "", "rating": "istimewa", "source": "LHE"})
    response = client.get(reverse("evaluations:overview"))
    unit = next(u for u in response.context["units"] if u.unit_id == org["unit"].pk)
    assert (unit.rating, unit.findings) == (None, [])
    assert response.context["totals"].findings == [
        "Sangat Baik: 1 pegawai (100,0%), melebihi maksimal 70%."
    ]
