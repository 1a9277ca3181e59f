"""POST /api/v1/employees/batch/: employees upserted in batches, in the read
endpoint's SIASN names, with the Excel import's rules and its all-or-nothing
result."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.tests.keys import api_client, make_key
from people import nip as nip_rules
from people.models import Employee

URL = reverse("api:employee_batch")


def new_nip(n: int) -> str:
    return nip_rules.build_nip(
        birth_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
        appointment_year=2015,
        appointment_month=3,
        gender=nip_rules.MALE,
        sequence=n % 999 + 1,
    )


def new_employee(org, n: int, **overrides) -> dict:
    """An ASN of agency A the portal does not know yet, as SIASN names it."""
    return {
        "nipBaru": new_nip(n),
        "nama": f"Pegawai Baru {n}",
        "gelarBelakang": "S.Kom.",
        "jenisPegawaiNama": "PNS",
        "golRuangAkhir": "III/a",
        "jenisJabatan": "Pelaksana",
        "jabatanNama": "Pengelola Data",
        "unorKode": org["unit"].code,
        "atasanNip": org["supervisor"].nip,
        **overrides,
    }


def _client(org, scopes=("write_people", "read_people")):
    _key, secret = make_key(org, scopes=list(scopes), name="SIMPEG")
    return api_client(secret)


def _post(client, rows, **headers):
    return client.post(URL, rows, format="json", **headers)


def test_a_batch_creates_and_updates_and_says_how_many(org):
    client = _client(org)
    member = org["member"]
    rows = [
        new_employee(org, 1),
        new_employee(org, 2, atasanNip=new_nip(1)),  # a supervisor in the batch
        {
            "nipBaru": member.nip,
            "nama": member.name,
            "jabatanNama": "Analis SDM",
            "jenisPegawaiNama": "PNS",
            "jenisJabatan": "Pelaksana",
            "unorKode": org["unit"].code,
        },
        {
            "nipBaru": org["outsider"].nip,
            "nama": org["outsider"].name,
            "jabatanNama": org["outsider"].jabatan_name,
            "jenisPegawaiNama": "PNS",
            "jenisJabatan": org["outsider"].get_jabatan_type_display(),
            "unorKode": org["unit"].code,
        },
    ]
    response = _post(client, rows)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["total"], answer["created"], answer["updated"]) == (4, 2, 1)
    assert answer["unchanged"] == 1
    second = Employee.objects.get(nip=new_nip(2))
    assert second.supervisor.nip == new_nip(1)
    assert second.back_title == "S.Kom."
    member.refresh_from_db()
    assert member.jabatan_name == "Analis SDM"
    assert member.supervisor == org["supervisor"]  # atasanNip left out: kept
    listed = client.get(reverse("api:employee_detail", args=[new_nip(1)])).json()
    assert listed["namaLengkap"] == "Pegawai Baru 1, S.Kom."
    assert listed["atasanNip"] == org["supervisor"].nip
    assert listed["golRuangAkhir"] == "III/a"


def test_one_bad_row_saves_nothing_and_every_bad_row_is_listed(org, other_org):
    rows = [
        new_employee(org, 1),
        new_employee(org, 2, unorKode="TIDAK-ADA"),
        new_employee(org, 3, nama=None, golRuangAkhir="V/z"),
        new_employee(org, 4, nipBaru=new_nip(1)),
        {**new_employee(org, 5), "nipBaru": other_org["member"].nip},
    ]
    del rows[2]["jenisJabatan"]
    response = _post(_client(org), rows)
    assert response.status_code == 400
    answer = response.json()
    assert "Tidak ada yang disimpan" in answer["detail"]
    errors = {row["index"]: row["messages"] for row in answer["errors"]}
    assert sorted(errors) == [1, 2, 3, 4]
    assert "Unit kerja 'TIDAK-ADA' tidak ditemukan" in errors[1][0]
    assert "Nama kosong." in errors[2]
    assert "Jenis jabatan kosong." in errors[2]
    assert any("ganda" in message for message in errors[3])
    assert any("instansi lain" in message for message in errors[4])
    assert not Employee.objects.filter(nip__in=[new_nip(1), new_nip(2)]).exists()


def test_what_the_read_endpoint_gives_comes_back_unchanged(org):
    client = _client(org)
    listed = client.get(reverse("api:employees")).json()["results"]
    response = _post(client, listed)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["unchanged"] == len(listed)
    assert answer["created"] == answer["updated"] == 0


def test_a_body_that_is_no_list_of_employees_is_a_400(org):
    client = _client(org)
    for body in ({"nipBaru": "1"}, [], [1, 2], [{"nama": {"x": 1}}]):
        response = _post(client, body)
        assert response.status_code == 400
        assert "1 sampai 1000 pegawai" in response.json()["detail"]
    too_many = [new_employee(org, n) for n in range(1001)]
    assert _post(client, too_many).status_code == 400
    english = _post(client, [], HTTP_ACCEPT_LANGUAGE="en").json()
    assert "1 to 1000 employees" in english["detail"]


def _queries(client, rows) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, rows)
    assert response.status_code == 200, response.content
    return len(queries.captured_queries)


def test_a_batch_runs_as_many_queries_for_ten_as_for_two_hundred(org):
    client = _client(org, scopes=["write_people"])
    small = [new_employee(org, n) for n in range(10)]
    large = [new_employee(org, n) for n in range(10, 210)]
    created = (_queries(client, small), _queries(client, large))
    renamed = (
        _queries(client, [{**row, "jabatanNama": "Analis"} for row in small]),
        _queries(client, [{**row, "jabatanNama": "Analis"} for row in large]),
    )
    assert created[0] == created[1]
    assert renamed[0] == renamed[1]
    assert created[1] <= 13
    assert renamed[1] <= 14
    print(f"employee batch: {created[1]} queries to create, {renamed[1]} to update")
