"""What each read endpoint answers, as a system syncing from the portal reads it,
and how many queries it costs at two data sizes (pinned like the pages)."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from api.tests.keys import api_client, make_key
from people.models import Employee
from people.services import end_assignment
from people.tests.factories import EmployeeFactory, WorkUnitFactory
from tests.query_pins import assert_constant_queries
from training.services.ledger import credit_jp
from training.tests.access_rules import member_certificate


def _client(org):
    _key, secret = make_key(org)
    return api_client(secret)


def _credit(employee, jp, on_date, key):
    credit_jp(
        employee=employee,
        jp=Decimal(jp),
        form="teknis",
        source_key=key,
        on_date=on_date,
        description=f"Pelatihan {key}",
    )


def test_an_employee_reads_in_siasns_data_utama_names(org):
    member = org["member"]
    Employee.objects.filter(pk=member.pk).update(
        front_title="dr.",
        name="Sari Lubis",
        back_title="M.Kes",
        legal_status="Aktif",
        siasn_id="A8ACA7",
        tmt_golongan=datetime.date(2024, 4, 1),
    )
    unit = org["unit"]
    unit.siasn_id = "UNOR-17"
    unit.save()
    answer = _client(org).get(reverse("api:employee_detail", args=[member.nip]))
    assert answer.status_code == 200
    data = answer.json()
    assert data["nipBaru"] == member.nip
    assert data["pnsId"] == "A8ACA7"
    assert data["namaLengkap"] == "dr. Sari Lubis, M.Kes"
    assert (data["gelarDepan"], data["nama"], data["gelarBelakang"]) == (
        "dr.",
        "Sari Lubis",
        "M.Kes",
    )
    assert data["jenisPegawaiNama"] == "PNS"
    assert data["kedudukanPnsNama"] == "Aktif"
    assert (data["golRuangAkhir"], data["pangkatAkhir"]) == ("III/a", "Penata Muda")
    assert data["jabatanNama"] == "Pengadministrasi Umum"
    assert (data["unorId"], data["unorNama"]) == ("UNOR-17", unit.name)
    assert data["atasanNip"] == org["supervisor"].nip
    assert data["tmtGolAkhir"] == "2024-04-01"
    assert data["aktif"] is True


def test_a_pppk_reads_with_its_grade_and_no_pangkat(org):
    pppk = EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        status=Employee.Status.PPPK,
        golongan="",
        pppk_grade=9,
    )
    data = _client(org).get(reverse("api:employee_detail", args=[pppk.nip])).json()
    assert (data["jenisPegawaiNama"], data["golRuangAkhir"]) == ("PPPK", "IX")
    assert data["pangkatAkhir"] == ""
    assert data["atasanNip"] is None


def test_the_employee_list_syncs_incrementally_and_says_who_left(org):
    client = _client(org)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Employee.objects.filter(agency=org["agency"]).update(updated_at=an_hour_ago)
    since = timezone.now() - datetime.timedelta(minutes=1)
    end_assignment(employee=org["outsider"], reason="Pindah instansi")
    moved = Employee.objects.get(pk=org["member"].pk)
    moved.jabatan_name = "Analis Kepegawaian"
    moved.save()
    changed = client.get(reverse("api:employees"), {"updated_since": since.isoformat()})
    rows = {row["nipBaru"]: row for row in changed.json()["results"]}
    assert set(rows) == {org["outsider"].nip, org["member"].nip}
    assert rows[org["outsider"].nip]["aktif"] is False
    assert rows[org["member"].nip]["jabatanNama"] == "Analis Kepegawaian"
    active = client.get(reverse("api:employees"), {"active": "true"}).json()
    assert org["outsider"].nip not in {row["nipBaru"] for row in active["results"]}


def test_the_jp_ledger_of_an_employee_and_a_year(org):
    member = org["member"]
    this_year = timezone.localdate().year
    _credit(member, "12", datetime.date(this_year, 3, 5), "lms:1")
    _credit(member, "2.5", datetime.date(this_year, 6, 1), "lms:2")
    _credit(member, "8", datetime.date(this_year - 1, 9, 1), "lms:0")
    client = _client(org)
    data = client.get(reverse("api:employee_jp", args=[member.nip])).json()
    assert data["year"] == this_year
    assert data["total"] == 14.5
    assert data["target"] == 20
    assert data["target_applies"] is True
    assert [(e["date"], e["jp"]) for e in data["entries"]] == [
        (f"{this_year}-03-05", 12.0),
        (f"{this_year}-06-01", 2.5),
    ]
    last = client.get(
        reverse("api:employee_jp", args=[member.nip]), {"year": this_year - 1}
    ).json()
    assert last["total"] == 8
    bad = client.get(reverse("api:employee_jp", args=[member.nip]), {"year": "x"})
    assert bad.status_code == 400


def test_the_jp_totals_say_who_reached_the_target(org):
    this_year = timezone.localdate().year
    _credit(org["member"], "20", datetime.date(this_year, 2, 1), "lms:1")
    _credit(org["leader"], "5", datetime.date(this_year, 2, 1), "lms:2")
    rows = {
        row["nip"]: row
        for row in _client(org).get(reverse("api:jp_totals")).json()["results"]
    }
    assert rows[org["member"].nip]["jp_total"] == 20
    assert rows[org["member"].nip]["reached"] is True
    assert rows[org["leader"].nip]["jp_total"] == 5
    assert rows[org["leader"].nip]["reached"] is False
    assert rows[org["hr"].nip]["jp_total"] == 0
    assert rows[org["hr"].nip]["year"] == this_year


def test_a_certificate_is_verified_by_number_or_code(org):
    certificate = member_certificate(org)
    client = _client(org)
    url = reverse("api:certificate_verify")
    by_number = client.get(url, {"number": certificate.number})
    assert by_number.status_code == 200
    data = by_number.json()
    assert data["holder_nip"] == org["member"].nip
    assert data["code"] == certificate.code
    assert data["verify_url"].endswith(certificate.get_verify_url())
    assert client.get(url, {"code": certificate.code}).json()["number"] == (
        certificate.number
    )
    assert client.get(url, {"number": "999/SERT/X/2020"}).status_code == 404
    nothing = client.get(url)
    assert nothing.status_code == 400
    assert "number" in str(nothing.json())


# --- query pins: the same count at a small and a large data set ---------------


def _more_employees(org, n=25):
    unit = WorkUnitFactory(agency=org["agency"])
    for _ in range(n):
        EmployeeFactory(agency=org["agency"], unit=unit, supervisor=org["supervisor"])


def test_units_run_a_constant_number_of_queries(org):
    def grow():
        for n in range(25):
            WorkUnitFactory(agency=org["agency"], parent=org["unit"], code=f"U{n}")

    assert_constant_queries(_client(org), reverse("api:units"), grow=grow, ceiling=3)


def test_employees_run_a_constant_number_of_queries(org):
    assert_constant_queries(
        _client(org),
        reverse("api:employees"),
        grow=lambda: _more_employees(org),
        ceiling=3,
    )


def test_jp_totals_run_a_constant_number_of_queries(org):
    this_year = timezone.localdate().year

    def grow():
        _more_employees(org)
        for n, employee in enumerate(Employee.objects.filter(agency=org["agency"])):
            _credit(employee, "3", datetime.date(this_year, 1, 2), f"lms:{n}")

    assert_constant_queries(
        _client(org), reverse("api:jp_totals"), grow=grow, ceiling=3
    )


def test_the_jp_ledger_runs_a_constant_number_of_queries(org):
    this_year = timezone.localdate().year
    member = org["member"]
    _credit(member, "1", datetime.date(this_year, 1, 2), "lms:first")

    def grow():
        for n in range(25):
            _credit(member, "1", datetime.date(this_year, 1, 3), f"lms:{n}")

    assert_constant_queries(
        _client(org),
        reverse("api:employee_jp", args=[member.nip]),
        grow=grow,
        ceiling=5,
    )


# --- sessions and enrolments, SKP results, IKM ---------------------------------


def test_sessions_and_their_participants(org):
    from training.models import Enrolment
    from training.tests.factories import attended, finished_session

    session = finished_session(org["agency"], capacity=25)
    attended(session, org["member"])
    attended(session, org["outsider"], status=Enrolment.Status.WAITLISTED)
    client = _client(org)
    rows = client.get(reverse("api:sessions")).json()["results"]
    [row] = [row for row in rows if row["id"] == session.pk]
    assert row["program_title"] == session.program.title
    assert row["jp"] == float(session.program.jp)
    assert (row["status"], row["capacity"]) == ("selesai", 25)
    assert (row["seats_taken"], row["waitlisted"]) == (1, 1)
    url = reverse("api:session_enrolments", args=[session.pk])
    people = {row["nip"]: row["status"] for row in client.get(url).json()["results"]}
    assert people == {
        org["member"].nip: "terkonfirmasi",
        org["outsider"].nip: "daftar_tunggu",
    }


def test_skp_results_of_a_period_with_their_predikat(org):
    from evaluations.rules import Rating
    from evaluations.tests.factories import make_period, make_rated

    period = make_period(org["agency"])
    make_rated(org["member"], period, hasil=Rating.ABOVE, perilaku=Rating.ABOVE)
    client = _client(org)
    periods = client.get(reverse("api:evaluation_periods")).json()["results"]
    assert [p["name"] for p in periods] == [period.name]
    url = reverse("api:period_results", args=[period.pk])
    [result] = client.get(url).json()["results"]
    assert result["nip"] == org["member"].nip
    assert (result["hasil_kerja"], result["perilaku_kerja"]) == ("diatas", "diatas")
    assert result["predikat"] == "sangat_baik"
    assert (result["status"], result["final"]) == ("rated", False)
    assert client.get(url, {"final": "true"}).json()["results"] == []


def test_ikm_per_service_unit_and_period_with_nrr_per_unsur(org):
    from feedback.tests.factories import ServiceUnitFactory, SurveyResponseFactory

    counter = ServiceUnitFactory(work_unit=org["unit"], name="Loket KTP")
    for _ in range(3):
        SurveyResponseFactory(service_unit=counter, u1=4, u2=4)
    quiet = ServiceUnitFactory(work_unit=org["unit"], name="Loket Sepi")
    client = _client(org)
    rows = {row["name"]: row for row in client.get(reverse("api:ikm")).json()}
    ktp = rows["Loket KTP"]
    assert ktp["respondents"] == 3
    nrr = {u["code"]: u["nrr"] for u in ktp["unsur"]}
    assert (nrr["U1"], nrr["U2"], nrr["U3"]) == (4.0, 4.0, 3.0)
    # IKM unit = 25 × Σ NRR × 1/9 = 25 × (8 + 21) / 9 = 80.56: mutu B.
    assert (ktp["ikm"], ktp["mutu"]) == (80.56, "B")
    assert rows[quiet.name]["respondents"] == 0
    assert rows[quiet.name]["ikm"] is None
    last_year = timezone.localdate().year - 1
    earlier = client.get(
        reverse("api:ikm"),
        {"start": f"{last_year}-01-01", "end": f"{last_year}-12-31"},
    ).json()
    assert {row["name"]: row["respondents"] for row in earlier}["Loket KTP"] == 0
    bad = client.get(reverse("api:ikm"), {"start": "2026-12-31", "end": "2026-01-01"})
    assert bad.status_code == 400


def test_sessions_and_enrolments_run_a_constant_number_of_queries(org):
    from training.tests.factories import attended, finished_session

    session = finished_session(org["agency"])
    attended(session, org["member"])

    def grow():
        for _ in range(10):
            finished_session(org["agency"])
        _more_employees(org, n=15)
        for employee in Employee.objects.filter(agency=org["agency"])[:15]:
            if employee != org["member"]:
                attended(session, employee)

    client = _client(org)
    url = reverse("api:session_enrolments", args=[session.pk])
    small = (
        _count(client, reverse("api:sessions")),
        _count(client, url),
    )
    grow()
    assert small == (_count(client, reverse("api:sessions")), _count(client, url))
    assert small[0] <= 3
    assert small[1] <= 4


def test_skp_results_and_ikm_run_a_constant_number_of_queries(org):
    from evaluations.tests.factories import make_period, make_submitted
    from feedback.tests.factories import ServiceUnitFactory, SurveyResponseFactory

    period = make_period(org["agency"])
    make_submitted(org["member"], period)
    SurveyResponseFactory(service_unit__work_unit=org["unit"])

    def grow():
        _more_employees(org, n=8)
        for employee in Employee.objects.filter(agency=org["agency"]).exclude(
            pk=org["member"].pk
        )[:8]:
            make_submitted(employee, period)
        for _ in range(8):
            SurveyResponseFactory(
                service_unit=ServiceUnitFactory(work_unit=org["unit"])
            )

    client = _client(org)
    urls = [reverse("api:period_results", args=[period.pk]), reverse("api:ikm")]
    small = [_count(client, url) for url in urls]
    grow()
    assert small == [_count(client, url) for url in urls]
    assert small[0] <= 4
    assert small[1] <= 5


def _count(client, url) -> int:
    from tests.query_pins import count_queries

    return count_queries(client, url)


# --- talent box, complaints ----------------------------------------------------


def _rated_in(org, period, unit, *, hasil, perilaku):
    from evaluations.tests.factories import make_rated

    employee = EmployeeFactory(
        agency=org["agency"], unit=unit, supervisor=org["supervisor"]
    )
    make_rated(employee, period, hasil=hasil, perilaku=perilaku)
    return employee


def _potential(org, employee, *, year, score):
    from evaluations.services import record_potential

    record_potential(employee=employee, user=org["hr"].user, year=year, score=score)


def test_the_talent_box_of_a_period_by_the_grid_pages_rule(org):
    from evaluations import figures
    from evaluations.rules import Rating
    from evaluations.tests.factories import make_period, make_rated, make_submitted

    period = make_period(org["agency"])
    year = period.year
    branch = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="PKM-1")
    member = org["member"]
    # Sangat Baik (above) with potential 90 (Tinggi from 85): box 9.
    make_rated(member, period, hasil=Rating.ABOVE, perilaku=Rating.ABOVE)
    _potential(org, member, year=year, score=90)
    # Baik (meets) with last year's 75 (Menengah from 70), none this year: box 5.
    meets = _rated_in(org, period, branch, hasil=Rating.MEETS, perilaku=Rating.MEETS)
    _potential(org, meets, year=year - 1, score=75)
    # Butuh Perbaikan (below) and no potential recorded: no box.
    below = _rated_in(
        org, period, org["unit"], hasil=Rating.BELOW, perilaku=Rating.MEETS
    )
    # Submitted, not rated yet: not in the 9-box.
    unrated = EmployeeFactory(
        agency=org["agency"], unit=org["unit"], supervisor=org["supervisor"]
    )
    make_submitted(unrated, period)

    client = _client(org)
    url = reverse("api:talent_box", args=[period.pk])
    rows = {row["nip"]: row for row in client.get(url).json()["results"]}
    assert set(rows) == {member.nip, meets.nip, below.nip}
    top = rows[member.nip]
    assert (top["predikat"], top["kinerja"], top["potential"]) == (
        "sangat_baik",
        "diatas",
        "tinggi",
    )
    assert top["box"] == 9
    assert top["recommendation"].startswith("Promosi dan dipertahankan")
    assert top["period_id"] == period.pk
    assert (rows[meets.nip]["kinerja"], rows[meets.nip]["potential"]) == (
        "sesuai",
        "menengah",
    )
    assert rows[meets.nip]["box"] == 5
    assert rows[meets.nip]["unit_code"] == "PKM-1"
    assert (rows[below.nip]["kinerja"], rows[below.nip]["potential"]) == (
        "dibawah",
        None,
    )
    assert (rows[below.nip]["box"], rows[below.nip]["recommendation"]) == (None, None)

    # The same boxes as the talent grid page counts.
    grid = figures.talent_grid(
        period=period, employees=Employee.objects.filter(agency=org["agency"])
    )
    counted = {
        cell["box"]: cell["count"]
        for line in grid["grid"]
        for cell in line["cells"]
        if cell["count"]
    }
    assert counted == {9: 1, 5: 1}
    assert grid["without_potential"] == 1

    in_branch = client.get(url, {"unit": "PKM-1"}).json()["results"]
    assert [row["nip"] for row in in_branch] == [meets.nip]
    # A unit's own rows and those of the units below it.
    whole = client.get(url, {"unit": org["unit"].code}).json()["results"]
    assert len(whole) == 3
    assert [row["nip"] for row in client.get(url, {"box": 9}).json()["results"]] == [
        member.nip
    ]
    assert client.get(url, {"box": 1}).json()["results"] == []
    assert client.get(url, {"box": 10}).status_code == 400
    unknown = client.get(url, {"unit": "TIDAK-ADA"})
    assert unknown.status_code == 404
    assert "TIDAK-ADA" in unknown.json()["detail"]


def _complaint(org, unit=None, **fields):
    from feedback.tests.factories import ComplaintFactory, ServiceUnitFactory

    service_unit = fields.pop("service_unit", None) or ServiceUnitFactory(
        work_unit=unit or org["unit"]
    )
    return ComplaintFactory(service_unit=service_unit, **fields)


def test_complaints_say_status_and_deadline_never_who_or_what(org):
    from feedback.models import Complaint

    today = timezone.localdate()
    late = _complaint(
        org,
        contact_name="Budi Santoso",
        contact_phone="081234567890",
        contact_email="budi@contoh.id",
        description="Petugas loket meminta uang tambahan.",
        service_name="Rekam KTP-el",
        due_date=today - datetime.timedelta(days=1),
        status=Complaint.Status.ASSIGNED,
        assigned_to=org["member"],
    )
    answered = _complaint(
        org,
        service_unit=late.service_unit,
        due_date=today - datetime.timedelta(days=3),
        status=Complaint.Status.ANSWERED,
        answer="Kami mohon maaf kepada Bapak Budi; petugas sudah ditegur.",
        answered_at=timezone.now() - datetime.timedelta(days=4),
    )
    branch = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="UPT-1")
    upcoming = _complaint(org, branch, due_date=today + datetime.timedelta(days=2))

    client = _client(org)
    answer = client.get(reverse("api:complaints"))
    assert answer.status_code == 200
    for private in ("Budi", "0812", "contoh.id", "uang tambahan", "ditegur"):
        assert private not in answer.content.decode()
    rows = {row["id"]: row for row in answer.json()["results"]}
    assert set(rows) == {late.pk, answered.pk, upcoming.pk}
    row = rows[late.pk]
    assert row["reference"] == late.reference
    assert (row["status"], row["overdue"]) == ("ditugaskan", True)
    assert row["due_date"] == str(today - datetime.timedelta(days=1))
    assert row["service_name"] == "Rekam KTP-el"
    assert row["work_unit_code"] == org["unit"].code
    assert row["assigned_nip"] == org["member"].nip
    assert (row["answered_at"], row["closed_at"]) == (None, None)
    assert not {"description", "contact_name", "answer", "photo"} & set(row)
    # Answered after its due date, but answered: not overdue.
    assert (rows[answered.pk]["status"], rows[answered.pk]["overdue"]) == (
        "dijawab",
        False,
    )
    assert rows[answered.pk]["answered_at"] is not None
    assert rows[upcoming.pk]["overdue"] is False

    def ids(**query):
        return [
            row["id"]
            for row in client.get(reverse("api:complaints"), query).json()["results"]
        ]

    assert ids(overdue="true") == [late.pk]
    assert ids(overdue="false") == [answered.pk, upcoming.pk]
    assert ids(status="dijawab") == [answered.pk]
    assert ids(unit="UPT-1") == [upcoming.pk]
    assert ids(service_unit=late.service_unit_id) == [late.pk, answered.pk]
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Complaint.objects.exclude(pk=upcoming.pk).update(updated_at=an_hour_ago)
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    assert ids(updated_since=since) == [upcoming.pk]
    assert client.get(reverse("api:complaints"), {"status": "x"}).status_code == 400
    assert client.get(reverse("api:complaints"), {"unit": "X"}).status_code == 404


def test_the_talent_box_and_complaints_run_a_constant_number_of_queries(org):
    from evaluations.rules import Rating
    from evaluations.tests.factories import make_period, make_rated

    period = make_period(org["agency"])
    make_rated(org["member"], period)
    _potential(org, org["member"], year=period.year, score=80)
    _complaint(org, assigned_to=org["member"])

    def grow():
        for n in range(6):
            rated = _rated_in(
                org, period, org["unit"], hasil=Rating.ABOVE, perilaku=Rating.MEETS
            )
            _potential(org, rated, year=period.year - n % 2, score=60 + 5 * n)
            _complaint(org, assigned_to=rated)

    client = _client(org)
    urls = [
        reverse("api:talent_box", args=[period.pk]),
        reverse("api:talent_box", args=[period.pk]) + f"?unit={org['unit'].code}",
        reverse("api:complaints"),
        reverse("api:complaints") + f"?unit={org['unit'].code}&overdue=false",
    ]
    small = [_count(client, url) for url in urls]
    grow()
    assert small == [_count(client, url) for url in urls]
    assert small[0] <= 4
    assert small[2] <= 3
