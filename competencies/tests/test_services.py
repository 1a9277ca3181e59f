import pytest

from competencies import imports, services
from competencies.models import Competency, CompetencyLevel
from competencies.standard import STANDARD_COMPETENCIES
from competencies.tests.sheets import competency_sheet, technical_row

pytestmark = pytest.mark.django_db


def test_the_standard_dictionary_is_eight_managerial_and_one_sociocultural(org):
    added = services.load_standard_competencies(agency=org["agency"])

    competencies = Competency.objects.filter(agency=org["agency"])
    assert added == 9
    assert sorted(competencies.values_list("kind", flat=True)) == [
        *["manajerial"] * 8,
        "sosial_kultural",
    ]
    assert set(competencies.values_list("name", flat=True)) >= {
        "Integritas",
        "Kerja Sama",
        "Komunikasi",
        "Orientasi pada Hasil",
        "Pelayanan Publik",
        "Pengembangan Diri dan Orang Lain",
        "Mengelola Perubahan",
        "Pengambilan Keputusan",
        "Perekat Bangsa",
    }
    levels = CompetencyLevel.objects.filter(competency__agency=org["agency"])
    assert levels.count() == 45
    for competency in competencies:
        descriptions = competency.level_descriptions()
        assert list(descriptions) == [1, 2, 3, 4, 5]
        assert all(descriptions.values()), competency


def test_loading_the_standard_twice_adds_nothing(org):
    services.load_standard_competencies(agency=org["agency"])

    assert services.load_standard_competencies(agency=org["agency"]) == 0
    assert Competency.objects.filter(agency=org["agency"]).count() == 9
    assert (
        CompetencyLevel.objects.filter(competency__agency=org["agency"]).count() == 45
    )


def test_loading_keeps_hr_corrections_and_adds_only_what_is_missing(org):
    services.load_standard_competencies(agency=org["agency"])
    integritas = Competency.objects.get(agency=org["agency"], code="M1")
    integritas.name = "Integritas (instansi)"
    integritas.save()
    Competency.objects.filter(agency=org["agency"], code="SK1").delete()

    assert services.load_standard_competencies(agency=org["agency"]) == 1
    integritas.refresh_from_db()
    assert integritas.name == "Integritas (instansi)"
    assert services.missing_standard_codes(agency=org["agency"]) == []


def test_each_agency_gets_its_own_dictionary(org, other_org):
    services.load_standard_competencies(agency=org["agency"])

    assert services.missing_standard_codes(agency=other_org["agency"]) == [
        s.code for s in STANDARD_COMPETENCIES
    ]
    assert services.load_standard_competencies(agency=other_org["agency"]) == 9


def _import(org, rows):
    return services.import_technical_competencies(
        agency=org["agency"], rows=imports.read_rows(competency_sheet(rows))
    )


def test_a_good_file_imports_every_technical_competency_with_its_levels(org):
    result = _import(
        org,
        [
            technical_row("T1", "Pengelolaan Arsip"),
            technical_row("T2", "Pengadaan Barang/Jasa"),
        ],
    )

    assert (result.ok, result.created) == (True, 2)
    arsip = Competency.objects.get(agency=org["agency"], code="T1")
    assert arsip.kind == Competency.Kind.TECHNICAL
    assert arsip.name == "Pengelolaan Arsip"
    assert arsip.level_descriptions()[3] == "Pengelolaan Arsip level 3"


def test_a_file_with_two_bad_rows_imports_nothing_and_names_both(org):
    services.load_standard_competencies(agency=org["agency"])

    result = _import(
        org,
        [
            technical_row("T1", "Pengelolaan Arsip"),
            technical_row("T2", ""),  # no name
            technical_row("M1", "Integritas lagi"),  # a code already in use
        ],
    )

    assert not result.ok
    rows = dict(result.errors)
    assert sorted(rows) == [3, 4]
    assert "NAMA kosong" in rows[3]
    assert "M1 sudah ada" in rows[4]
    assert not Competency.objects.filter(
        agency=org["agency"], kind=Competency.Kind.TECHNICAL
    ).exists()


def test_a_code_repeated_in_the_file_names_the_first_row(org):
    result = _import(
        org, [technical_row("T1", "Arsip"), technical_row("T1", "Arsip lagi")]
    )

    assert result.errors == [(3, "kode T1 sudah dipakai di baris 2")]


def test_a_file_without_the_name_column_is_refused_whole(org):
    from asn_portal.spreadsheets import SheetError

    with pytest.raises(SheetError, match="NAMA"):
        imports.read_rows(competency_sheet([["T1"]], header=["kode"]))


def test_correcting_a_competency_rewrites_its_levels_with_the_reason(org):
    competency = services.create_technical_competency(
        agency=org["agency"],
        code="T1",
        name="Arsip",
        levels={1: "Dasar", 2: "Menengah"},
    )
    competency.name = "Pengelolaan Arsip"

    services.correct_competency(
        competency=competency,
        levels={1: "Dasar", 2: "", 3: "Mahir"},
        reason="istilah disesuaikan",
    )

    competency.refresh_from_db()
    assert competency.name == "Pengelolaan Arsip"
    assert competency.level_descriptions() == {
        1: "Dasar",
        2: "",
        3: "Mahir",
        4: "",
        5: "",
    }
    assert competency.history.first().history_change_reason == "istilah disesuaikan"
