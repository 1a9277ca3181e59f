import pytest
from django.urls import reverse

from people.models import Employee

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, org):
    for url in [
        reverse("home"),
        reverse("people:employee_list"),
        reverse("people:employee_detail", args=[org["member"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_asn_sees_only_themselves(login, org):
    client = login(org["member"])
    own = client.get(reverse("people:employee_detail", args=[org["member"].pk]))
    assert own.status_code == 200
    other = client.get(reverse("people:employee_detail", args=[org["outsider"].pk]))
    assert other.status_code == 404
    listing = client.get(reverse("people:employee_list"))
    assert [e.pk for e in listing.context["page"]] == [org["member"].pk]


def test_supervisor_sees_their_team_and_not_others(login, org):
    client = login(org["supervisor"])
    listing = client.get(reverse("people:employee_list"))
    shown = {e.pk for e in listing.context["page"]}
    assert shown == {org["supervisor"].pk, org["member"].pk}
    outsider = client.get(reverse("people:employee_detail", args=[org["outsider"].pk]))
    assert outsider.status_code == 404


def test_hr_sees_whole_agency_but_not_another(login, org, other_org):
    client = login(org["hr"])
    listing = client.get(reverse("people:employee_list"))
    assert (
        listing.context["page"].paginator.count
        == Employee.objects.filter(agency=org["agency"]).count()
    )
    foreign = client.get(
        reverse("people:employee_detail", args=[other_org["member"].pk])
    )
    assert foreign.status_code == 404


def test_leader_scope_can_be_narrowed_to_a_unit(login, org):
    from people.tests.factories import EmployeeFactory, WorkUnitFactory

    sub_unit = WorkUnitFactory(agency=org["agency"], parent=org["unit"], code="SUB")
    other_unit = WorkUnitFactory(agency=org["agency"], code="OTHER")
    inside = EmployeeFactory(agency=org["agency"], unit=sub_unit)
    outside = EmployeeFactory(agency=org["agency"], unit=other_unit)
    leader = org["leader"]
    leader.dashboard_unit = org["unit"]
    leader.save()
    visible = set(Employee.objects.visible_to(leader.user).values_list("pk", flat=True))
    assert inside.pk in visible
    assert outside.pk not in visible


def test_history_is_for_hr_and_the_employee_themselves(login, org):
    url = reverse("people:employee_history", args=[org["member"].pk])
    assert login(org["member"]).get(url).status_code == 200, "their own"
    assert login(org["supervisor"]).get(url).status_code == 403
    response = login(org["hr"]).get(url)
    assert response.status_code == 200


def test_history_records_who_changed_what(client, org):
    client.force_login(org["hr"].user)
    member = org["member"]
    member.jabatan_name = "Analis Kebijakan"
    member._history_user = org["hr"].user
    member.save()
    response = client.get(reverse("people:employee_history", args=[member.pk]))
    body = response.content.decode()
    assert "Analis Kebijakan" in body
    assert "a-hr" in body


def test_home_page_shows_each_role_its_tiles(login, org):
    hr_home = login(org["hr"]).get(reverse("home")).content.decode()
    assert "Data pegawai instansi" in hr_home
    asn_home = login(org["member"]).get(reverse("home")).content.decode()
    assert "Profil saya" in asn_home
    assert "Data pegawai instansi" not in asn_home
    supervisor_home = login(org["supervisor"]).get(reverse("home")).content.decode()
    assert "Tim saya" in supervisor_home


def test_unknown_page_is_a_friendly_404(client, org):
    client.force_login(org["member"].user)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()


def test_english_can_be_chosen(client, org):
    client.force_login(org["member"].user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_indonesian_by_default_even_for_an_english_browser(client, org):
    client.force_login(org["member"].user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert "Profil saya" in response.content.decode()
