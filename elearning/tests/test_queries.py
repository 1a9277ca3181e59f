"""Busy e-learning pages run as many queries with many modules and participants as
with few (tests/query_pins.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from elearning import services
from elearning.models import LessonCompletion, Progress
from elearning.tests.factories import answers_for, make_module
from people.tests.factories import EmployeeFactory
from tests.query_pins import assert_constant_queries

pytestmark = pytest.mark.django_db


def _participants(module, org, count):
    employees = EmployeeFactory.create_batch(
        count, agency=org["agency"], unit=org["unit"]
    )
    Progress.objects.bulk_create(
        [
            Progress(
                module=module,
                employee=e,
                pre_score=Decimal(40 + i % 30),
                post_score=Decimal(70 + i % 30),
            )
            for i, e in enumerate(employees)
        ]
    )


def test_catalogue_queries_do_not_grow_with_modules(login, org):
    client = login(org["member"])
    first = make_module(org["agency"], title="Modul 0")
    services.start_module(employee=org["member"], module=first)

    def grow():
        for n in range(1, 6):
            module = make_module(org["agency"], title=f"Modul {n}")
            services.start_module(employee=org["member"], module=module)

    assert_constant_queries(
        client, reverse("elearning:catalogue"), grow=grow, ceiling=12
    )


def test_module_page_queries_do_not_grow_with_lessons(login, org):
    module = make_module(org["agency"], lessons=1)
    client = login(org["member"])
    progress = services.start_module(employee=org["member"], module=module)
    services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )

    def grow():
        for n in range(2, 12):
            lesson = module.lessons.create(order=n, title=f"Materi {n}", body="Isi")
            LessonCompletion.objects.create(progress=progress, lesson=lesson)

    assert_constant_queries(client, module.get_absolute_url(), grow=grow, ceiling=14)


def test_results_pages_queries_do_not_grow_with_participants(login, org):
    module = make_module(org["agency"])
    _participants(module, org, 2)
    client = login(org["hr"])

    def grow():
        _participants(module, org, 25)
        other = make_module(org["agency"], title="Modul lain")
        _participants(other, org, 5)

    assert_constant_queries(
        client,
        reverse("elearning:results_detail", args=[module.pk]),
        grow=grow,
        ceiling=12,
    )
    assert_constant_queries(
        client,
        reverse("elearning:results_list"),
        grow=lambda: _participants(make_module(org["agency"], title="Ketiga"), org, 5),
        ceiling=12,
    )


def test_manage_list_queries_do_not_grow_with_modules(login, org):
    make_module(org["agency"], published=False)
    client = login(org["hr"])

    def grow():
        for n in range(5):
            make_module(org["agency"], title=f"Draf {n}", published=False)

    assert_constant_queries(
        client, reverse("elearning:manage_list"), grow=grow, ceiling=12
    )
