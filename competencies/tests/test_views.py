import pytest
from django.urls import reverse

from competencies import services
from competencies.models import Competency
from competencies.tests.sheets import competency_sheet, technical_row

pytestmark = pytest.mark.django_db

LIST = reverse("competencies:competency_list")


def _technical(agency, code="T1", name="Pengelolaan Arsip"):
    return services.create_technical_competency(
        agency=agency,
        code=code,
        name=name,
        levels={n: f"{name} tingkat {n}" for n in range(1, 6)},
    )


def test_hr_loads_the_standard_dictionary_from_the_list(org, login):
    client = login(org["hr"])
    assert "Muat kompetensi standar" in client.get(LIST).content.decode()

    response = client.post(reverse("competencies:load_standard"), follow=True)

    page = response.content.decode()
    assert "9 kompetensi manajerial dan sosial kultural ditambahkan." in page
    assert "Muat kompetensi standar" not in page
    assert "Perekat Bangsa" in page
    assert Competency.objects.filter(agency=org["agency"]).count() == 9


def test_the_list_groups_by_kind_and_searches(org, login):
    services.load_standard_competencies(agency=org["agency"])
    _technical(org["agency"])
    client = login(org["hr"])

    page = client.get(LIST).content.decode()
    assert page.index("Manajerial") < page.index("Sosial kultural")
    assert page.index("Sosial kultural") < page.index("Teknis")

    found = client.get(LIST, {"q": "arsip"}).content.decode()
    assert "Pengelolaan Arsip" in found
    assert "Integritas" not in found


def test_hr_sees_only_their_agencys_dictionary(org, other_org, login):
    _technical(other_org["agency"], name="Kompetensi Instansi B")
    theirs = Competency.objects.get(agency=other_org["agency"])
    client = login(org["hr"])

    assert "Kompetensi Instansi B" not in client.get(LIST).content.decode()
    detail = reverse("competencies:competency_detail", args=[theirs.pk])
    assert client.get(detail).status_code == 404
    edit = reverse("competencies:competency_edit", args=[theirs.pk])
    assert client.post(edit, {"code": "X", "name": "X", "reason": "x"}).status_code == (
        404
    )


def test_the_detail_shows_the_five_levels(org, login):
    competency = _technical(org["agency"])

    response = login(org["leader"]).get(competency.get_absolute_url())

    page = response.content.decode()
    for n in range(1, 6):
        assert f"Pengelolaan Arsip tingkat {n}" in page
    assert reverse("competencies:competency_edit", args=[competency.pk]) not in page


def test_hr_creates_a_technical_competency_with_its_levels(org, login):
    response = login(org["hr"]).post(
        reverse("competencies:competency_create"),
        {
            "code": "T5",
            "name": "Analisis Beban Kerja",
            "definition": "Menghitung kebutuhan pegawai.",
            "ordering": "1",
            "level_1": "Mengenal metode ABK.",
            "level_5": "Menetapkan kebijakan formasi.",
        },
        follow=True,
    )

    assert "Kompetensi teknis disimpan." in response.content.decode()
    made = Competency.objects.get(agency=org["agency"], code="T5")
    assert made.kind == Competency.Kind.TECHNICAL
    assert made.level_descriptions()[5] == "Menetapkan kebijakan formasi."


def test_a_taken_code_is_refused_at_its_field(org, login):
    _technical(org["agency"], code="T1")

    response = login(org["hr"]).post(
        reverse("competencies:competency_create"),
        {"code": "T1", "name": "Lain", "ordering": "0"},
    )

    assert response.status_code == 200
    assert "Kode T1 sudah dipakai" in response.content.decode()
    assert Competency.objects.filter(agency=org["agency"]).count() == 1


def test_hr_corrects_a_level_and_the_history_says_why(org, login):
    competency = _technical(org["agency"])
    client = login(org["hr"])
    data = {
        "code": "T1",
        "name": "Pengelolaan Arsip",
        "ordering": "0",
        **{f"level_{n}": f"Pengelolaan Arsip tingkat {n}" for n in range(1, 6)},
        "level_2": "Menata arsip aktif unit.",
        "reason": "indikator level 2 diperjelas",
    }

    client.post(reverse("competencies:competency_edit", args=[competency.pk]), data)

    assert competency.level_descriptions()[2] == "Menata arsip aktif unit."
    history = client.get(
        reverse("competencies:competency_history", args=[competency.pk])
    )
    assert "indikator level 2 diperjelas" in history.content.decode()


def test_an_import_with_bad_rows_lists_each_and_imports_nothing(org, login):
    client = login(org["hr"])
    sheet = competency_sheet(
        [
            technical_row("T1", "Arsip"),
            technical_row("", "Tanpa kode"),
            technical_row("T1", "Arsip lagi"),
        ]
    )

    response = client.post(reverse("competencies:competency_import"), {"file": sheet})

    page = response.content.decode()
    assert "2 baris bermasalah; tidak ada yang diimpor." in page
    assert "Baris 3: KODE kosong." in page
    assert "Baris 4: kode T1 sudah dipakai di baris 2" in page
    assert not Competency.objects.filter(agency=org["agency"]).exists()


def test_a_good_import_adds_the_rows_to_hr_agency(org, login):
    client = login(org["hr"])
    sheet = competency_sheet([technical_row("T1", "Arsip"), technical_row("T2", "PBJ")])

    response = client.post(
        reverse("competencies:competency_import"), {"file": sheet}, follow=True
    )

    assert "2 kompetensi teknis diimpor." in response.content.decode()
    assert set(
        Competency.objects.filter(agency=org["agency"]).values_list("code", flat=True)
    ) == {"T1", "T2"}


def test_the_template_downloaded_is_read_back_by_the_import(org, login):
    client = login(org["hr"])
    template = client.get(reverse("competencies:import_template"))
    assert template["Content-Disposition"].endswith('.xlsx"')

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("templat.xlsx", template.content)
    response = client.post(
        reverse("competencies:competency_import"), {"file": upload}, follow=True
    )

    assert "1 kompetensi teknis diimpor." in response.content.decode()
    assert Competency.objects.get(agency=org["agency"]).level_descriptions()[5]


def test_the_demo_gives_each_agency_a_full_dictionary(org, other_org):
    from competencies import demo

    demo.seed(agencies=[org["agency"], other_org["agency"]])
    demo.seed(agencies=[org["agency"], other_org["agency"]])

    for agency in (org["agency"], other_org["agency"]):
        kinds = list(
            Competency.objects.filter(agency=agency).values_list("kind", flat=True)
        )
        assert len(kinds) == 11
        assert kinds.count(Competency.Kind.TECHNICAL) == 2


@pytest.mark.parametrize("technical", [1, 30])
def test_the_list_costs_the_same_queries_however_long(
    org, login, technical, django_assert_max_num_queries
):
    services.load_standard_competencies(agency=org["agency"])
    for n in range(technical):
        _technical(org["agency"], code=f"T{n}", name=f"Teknis {n}")
    client = login(org["hr"])

    with django_assert_max_num_queries(12):
        response = client.get(LIST)

    assert response.content.decode().count('href="/kompetensi/') >= 9 + technical
