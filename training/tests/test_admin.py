import pytest
from django.contrib import admin
from django.urls import reverse

from training.tests.factories import EnrolmentFactory, session_for

pytestmark = pytest.mark.django_db


def test_every_training_admin_page_opens(admin_client, org):
    EnrolmentFactory(session=session_for(org), employee=org["member"])
    for model in admin.site._registry:
        if model._meta.app_label != "training":
            continue
        name = f"admin:training_{model._meta.model_name}_changelist"
        assert admin_client.get(reverse(name)).status_code == 200, name


def test_hr_staff_see_only_their_agencys_sessions(client, org, other_org):
    own = session_for(org)
    session_for(other_org)
    user = org["hr"].user
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:training_trainingsession_changelist"))
    assert [s.pk for s in response.context["cl"].result_list] == [own.pk]
