"""The competency standard of a jabatan: HR writes the required level of each
competency, sees which jabatan still lack one, and corrects it with a reason."""

import pytest
from django.urls import reverse

from competencies import services
from competencies.models import Competency, JobStandard
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db

LIST = reverse("competencies:standard_list")
CREATE = reverse("competencies:standard_create")


def _dictionary(agency):
    services.load_standard_competencies(agency=agency)
    return {c.code: c for c in Competency.objects.filter(agency=agency)}


def test_hr_writes_the_standard_of_a_jabatan(org, login):
    competencies = _dictionary(org["agency"])
    client = login(org["hr"])
    response = client.post(
        CREATE,
        {
            "jabatan_name": "Kepala Seksi",
            f"level_{competencies['M1'].pk}": "3",
            f"level_{competencies['M5'].pk}": "2",
            f"level_{competencies['SK1'].pk}": "",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Standar kompetensi jabatan disimpan." in page
    standard = JobStandard.objects.get(agency=org["agency"])
    assert standard.required() == {
        competencies["M1"].pk: 3,
        competencies["M5"].pk: 2,
    }
    # org["supervisor"] holds "Kepala Seksi".
    assert "1 pegawai aktif memangku jabatan ini." in page
    assert "Perekat Bangsa" not in page


def test_the_list_counts_holders_ignoring_case_and_offers_the_jabatan_without(
    org, login
):
    _dictionary(org["agency"])
    services.create_standard(
        agency=org["agency"], jabatan_name="kepala seksi", levels={}
    )
    for _ in range(3):
        EmployeeFactory(
            agency=org["agency"], unit=org["unit"], jabatan_name="Pranata Komputer"
        )
    EmployeeFactory(
        agency=org["agency"],
        unit=org["unit"],
        jabatan_name="Kepala Seksi",
        is_active=False,
    )
    client = login(org["hr"])

    page = client.get(LIST).content.decode()
    row = page.split("kepala seksi</a>")[1].split("</tr>")[0]
    assert '<td class="text-end">1</td>' in row  # the inactive one does not hold it
    without = page.split('data-testid="without-standard"')[1]
    assert "Pranata Komputer <span" in without
    assert "3 pemangku" in without
    assert "Kepala Seksi" not in without
    prefilled = client.get(CREATE, {"jabatan": "Pranata Komputer"}).content.decode()
    assert 'value="Pranata Komputer"' in prefilled


def test_a_second_standard_for_the_same_jabatan_is_refused_at_the_field(org, login):
    _dictionary(org["agency"])
    services.create_standard(
        agency=org["agency"], jabatan_name="Kepala Seksi", levels={}
    )
    client = login(org["hr"])

    response = client.post(CREATE, {"jabatan_name": "KEPALA SEKSI "})

    assert response.status_code == 200
    assert response.context["form"].errors["jabatan_name"] == [
        "Jabatan KEPALA SEKSI sudah memiliki standar kompetensi."
    ]
    assert JobStandard.objects.count() == 1


def test_a_correction_changes_and_removes_levels_and_keeps_the_reason(org, login):
    competencies = _dictionary(org["agency"])
    standard = services.create_standard(
        agency=org["agency"],
        jabatan_name="Kepala Seksi",
        levels={competencies["M1"].pk: 3, competencies["M2"].pk: 2},
    )
    client = login(org["hr"])
    edit = reverse("competencies:standard_edit", args=[standard.pk])

    client.post(
        edit,
        {
            "jabatan_name": "Kepala Seksi",
            f"level_{competencies['M1'].pk}": "4",
            f"level_{competencies['M2'].pk}": "",
            "reason": "peta jabatan 2026",
        },
    )

    assert standard.required() == {competencies["M1"].pk: 4}
    history = client.get(
        reverse("competencies:standard_history", args=[standard.pk])
    ).content.decode()
    assert "peta jabatan 2026" in history


def test_a_level_outside_1_to_5_or_another_agencys_competency_is_not_accepted(
    org, other_org, login
):
    competencies = _dictionary(org["agency"])
    theirs = _dictionary(other_org["agency"])
    client = login(org["hr"])

    response = client.post(
        CREATE,
        {
            "jabatan_name": "Kepala Seksi",
            f"level_{competencies['M1'].pk}": "6",
            f"level_{theirs['M1'].pk}": "3",
        },
    )

    assert response.status_code == 200
    assert f"level_{competencies['M1'].pk}" in response.context["form"].errors
    assert not JobStandard.objects.exists()


def test_hr_of_another_agency_neither_sees_nor_edits_the_standard(
    org, other_org, login
):
    standard = services.create_standard(
        agency=org["agency"], jabatan_name="Analis Kebijakan Ahli Muda", levels={}
    )
    client = login(other_org["hr"])

    assert "Analis Kebijakan Ahli Muda" not in client.get(LIST).content.decode()
    detail = reverse("competencies:standard_detail", args=[standard.pk])
    assert client.get(detail).status_code == 404


def test_the_standard_pages_do_not_grow_with_standards_or_levels(org, login):
    competencies = list(_dictionary(org["agency"]).values())
    standard = services.create_standard(
        agency=org["agency"],
        jabatan_name="Kepala Seksi",
        levels={competencies[0].pk: 3},
    )
    client = login(org["hr"])

    def more_standards():
        for number in range(8):
            services.create_standard(
                agency=org["agency"],
                jabatan_name=f"Jabatan {number}",
                levels={c.pk: 2 for c in competencies},
            )
            EmployeeFactory(
                agency=org["agency"], unit=org["unit"], jabatan_name=f"Lain {number}"
            )

    def more_levels():
        services.correct_standard(
            standard=standard,
            levels={c.pk: 4 for c in competencies},
            reason="lengkap",
        )

    def more_competencies():
        for number in range(5):
            services.create_technical_competency(
                agency=org["agency"],
                code=f"T{number}",
                name=f"Teknis {number}",
                levels={},
            )

    assert_constant_queries(client, LIST, grow=more_standards, ceiling=8)
    detail = reverse("competencies:standard_detail", args=[standard.pk])
    assert_constant_queries(client, detail, grow=more_levels, ceiling=8)
    edit = reverse("competencies:standard_edit", args=[standard.pk])
    assert_constant_queries(client, edit, grow=more_competencies, ceiling=8)
