"""Demo data for individual development plans: the demo ASN of each agency has this
year's plan submitted to their supervisor, so the atasan login has one to agree."""

from decimal import Decimal

from django.utils import timezone

from idp.models import IndividualPlan, PlanActivity
from people.demo import demo_username
from people.models import Employee
from people.roles import Role
from training.models import DevelopmentForm, Program


def seed(*, agencies, **_ignored) -> None:
    year = timezone.localdate().year
    for agency in agencies:
        employee = Employee.objects.filter(
            agency=agency, user__username=demo_username(Role.ASN, agency)
        ).first()
        if employee is None or employee.individual_plans.filter(year=year).exists():
            continue
        plan = IndividualPlan.objects.create(
            employee=employee,
            year=year,
            status=IndividualPlan.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        program = Program.objects.filter(agency=agency, is_active=True).first()
        if program is not None:
            PlanActivity.objects.create(
                plan=plan,
                form=program.form,
                program=program,
                description=program.title,
                planned_jp=program.jp,
                quarter=3,
            )
        PlanActivity.objects.create(
            plan=plan,
            form=DevelopmentForm.SELF_STUDY,
            description="Belajar mandiri: pelayanan publik berorientasi pengguna",
            planned_jp=Decimal(10),
            quarter=4,
        )
