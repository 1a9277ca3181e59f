import pytest
from django.urls import reverse

from elearning import services
from elearning.tests.factories import make_module

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["module", "test", "question", "progress"])
def test_hr_staff_back_office_shows_their_agency_only(client, org, other_org, model):
    for agency_org in (org, other_org):
        module = make_module(agency_org["agency"], title="Penyusunan SKP")
        services.start_module(employee=agency_org["member"], module=module)
    user = org["hr"].user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    response = client.get(reverse(f"admin:elearning_{model}_changelist"))
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows
    body = response.content.decode()
    assert other_org["member"].name not in body
