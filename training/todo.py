"""What training asks of the user now (see people/todo.py): questionnaires to fill,
the team's applications to approve, and for HR the enrolments waiting for
confirmation. One aggregate query per role the user has."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.delegation import supervised_by
from people.roles import Role
from people.todo import OpenTask
from training.models import Enrolment, OutsideLearning, TrainingSession
from training.services.delivery import with_questionnaire_due

MANAGE = "training.manage_training"


def open_tasks(user, employee, roles) -> list[OpenTask]:
    tasks = []
    questionnaires = (
        with_questionnaire_due(
            Enrolment.objects.filter(employee=employee).exclude(
                session__status=TrainingSession.Status.CANCELLED
            ),
            today=timezone.localdate(),
        )
        .filter(questionnaire_due=True)
        .aggregate(n=Count("pk"), first=Min("pk"))
    )
    if questionnaires["n"]:
        tasks.append(
            OpenTask(
                key="questionnaires",
                label=_("Kuesioner pelatihan menunggu diisi"),
                count=questionnaires["n"],
                url=_one_or_list(
                    questionnaires, "training:questionnaire_answer", "training:my_jp"
                ),
                detail=_("Penilaian Anda atas pelatihan yang sudah Anda ikuti."),
            )
        )
    if Role.SUPERVISOR in roles:
        applied = Enrolment.objects.filter(
            supervised_by(employee), status=Enrolment.Status.APPLIED
        ).count()
        if applied:
            tasks.append(
                OpenTask(
                    key="training_approvals",
                    label=_("Pendaftaran pelatihan tim menunggu persetujuan Anda"),
                    count=applied,
                    url=reverse("training:approvals"),
                )
            )
    if Role.SUPERVISOR in roles or user.has_perm(MANAGE):
        to_verify = OutsideLearning.objects.to_verify_by(user).count()
        if to_verify:
            tasks.append(
                OpenTask(
                    key="outside_learning",
                    label=_("Kegiatan belajar di luar portal menunggu verifikasi"),
                    count=to_verify,
                    url=reverse("training:outside_list"),
                )
            )
    if user.has_perm(MANAGE):
        to_confirm = (
            Enrolment.objects.visible_to(user)
            .filter(status__in=Enrolment.CONFIRMABLE_STATUSES)
            .exclude(
                session__status__in=[
                    TrainingSession.Status.CANCELLED,
                    TrainingSession.Status.FINISHED,
                ]
            )
            .count()
        )
        if to_confirm:
            tasks.append(
                OpenTask(
                    key="enrolments_to_confirm",
                    label=_("Peserta pelatihan menunggu konfirmasi BKPSDM"),
                    count=to_confirm,
                    url=reverse("training:session_list") + "?menunggu=1",
                    detail=_(
                        "Disetujui atasan atau dinominasikan, belum dikonfirmasi."
                    ),
                )
            )
    return tasks


def _one_or_list(found: dict, one: str, many: str) -> str:
    """The item itself when only one waits, else the page that lists them."""
    if found["n"] == 1:
        return reverse(one, args=[found["first"]])
    return reverse(many)
