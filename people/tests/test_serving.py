"""Who is serving by their kedudukan hukum (docs/domain.md, "Who is serving:
kedudukan hukum"): the one rule, its SQL form, and the summary lists show of those
it leaves out."""

import pytest

from people import siasn
from people.figures import not_counted
from people.models import Employee, is_serving, serving_q
from people.tests.factories import EmployeeFactory

# Every id of BKN's kedudukan hukum table, decided by hand from the rule's source.
SERVING_BY_ID = {
    1: True,  # Aktif
    2: False,  # CLTN: removed from the jabatan
    3: False,  # Tugas Belajar
    4: False,  # Pemberhentian Sementara
    5: False,  # Penerima Uang Tunggu
    6: False,  # Prajurit Wajib: serving elsewhere
    7: False,  # Pejabat Negara
    8: False,  # Kepala Desa
    9: True,  # Sedang dlm Proses Banding BAPEK: still at work
    11: True,  # Pegawai Titipan: at work here
    12: False,  # Pengungsi
    13: False,  # Perpanjangan CLTN
    14: False,  # PNS yang dinyatakan hilang
    15: True,  # PNS kena hukuman disiplin: still at work
    16: True,  # Pemindahan dalam rangka penurunan Jabatan
    20: False,  # Masa Persiapan Pensiun
    51: False,
    52: False,
    66: False,
    67: False,
    68: False,
    69: False,
    70: False,
    77: False,
    88: False,
    89: False,
    90: False,
    91: False,
    92: False,
    98: False,
    99: False,  # Pensiun
}


def test_every_bkn_kedudukan_hukum_is_decided_as_the_rule_says():
    assert set(SERVING_BY_ID) == set(siasn.KEDUDUKAN_HUKUM)
    for code, name in siasn.KEDUDUKAN_HUKUM.items():
        assert is_serving(name) is SERVING_BY_ID[code], (code, name)


@pytest.mark.parametrize(
    ("legal_status", "expected"),
    [("", True), (None, True), ("PPPK Aktif", True), ("cltn", False)],
)
def test_unrecorded_and_pppk_aktif_serve(legal_status, expected):
    # Stored values are BKN's names as the import wrote them; a lower-case form is
    # not one of them (the import never stores it), so it does not count as serving.
    assert is_serving(legal_status) is expected


@pytest.mark.django_db
def test_the_sql_form_agrees_with_the_rule_on_every_value(org):
    names = [*siasn.KEDUDUKAN_HUKUM.values(), "PPPK Aktif", ""]
    for name in names:
        EmployeeFactory(agency=org["agency"], unit=org["unit"], legal_status=name)
    people = Employee.objects.filter(agency=org["agency"])
    in_sql = set(people.filter(serving_q()).values_list("legal_status", flat=True))
    assert in_sql == {name for name in names if is_serving(name)}
    assert set(people.not_serving().values_list("legal_status", flat=True)) == {
        name for name in names if not is_serving(name)
    }
    # The org's own people were made without a kedudukan hukum: serving.
    assert people.serving().count() == 6 + 7  # six of the org, seven serving names


@pytest.mark.django_db
def test_not_counted_gives_the_count_per_status_and_the_first_names(org):
    def person(name, status):
        return EmployeeFactory(
            agency=org["agency"], unit=org["unit"], name=name, legal_status=status
        )

    person("Ani Cltn", "CLTN")
    person("Budi Cltn", "CLTN")
    person("Cici Tubel", "Tugas Belajar")
    person("Dodi Aktif", "Aktif")
    summary = not_counted(Employee.objects.filter(agency=org["agency"]), listed=2)
    assert summary.total == 3
    assert summary.by_status == [("CLTN", 2), ("Tugas Belajar", 1)]
    assert [e.name for e in summary.listed] == ["Ani Cltn", "Budi Cltn"]


@pytest.mark.django_db
def test_nobody_left_out_costs_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = not_counted(Employee.objects.filter(agency=org["agency"]))
    assert summary.total == 0
    assert summary.listed == []
