"""What e-learning asks of an ASN now (see people/todo.py): the pre- and post-tests
of the modules they started, and modules passed but not yet completed (JP are
credited on completion). One query over their unfinished modules; the rules are
the module page's own (`rules.post_test_open`, `rules.has_passed`)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from elearning import rules
from elearning.models import Lesson, LessonCompletion, Progress, Test
from people.todo import OpenTask


def _count(queryset, field: str):
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def open_tasks(user, employee, roles) -> list[OpenTask]:
    unfinished = (
        Progress.objects.filter(
            employee=employee, completed_at__isnull=True, module__is_published=True
        )
        .annotate(
            lessons_total=_count(
                Lesson.objects.filter(module=OuterRef("module")), "module"
            ),
            lessons_done=_count(
                LessonCompletion.objects.filter(progress=OuterRef("pk")), "progress"
            ),
        )
        .values(
            "module_id",
            "pre_score",
            "post_score",
            "lessons_total",
            "lessons_done",
            "module__requires_all_lessons",
            "module__pass_mark",
        )
        .order_by("started_at")
    )
    tests, ready = [], []
    for row in unfinished:
        pre_taken = row["pre_score"] is not None
        passed = rules.has_passed(row["post_score"], row["module__pass_mark"])
        post_open = rules.post_test_open(
            pre_test_taken=pre_taken,
            lessons_total=row["lessons_total"],
            lessons_done=row["lessons_done"],
            requires_all_lessons=row["module__requires_all_lessons"],
        )
        if not pre_taken:
            tests.append((row["module_id"], Test.Kind.PRE))
        elif post_open and not passed:
            tests.append((row["module_id"], Test.Kind.POST))
        elif post_open and passed:
            ready.append(row["module_id"])
    tasks = []
    if tests:
        module, kind = tests[0]
        tasks.append(
            OpenTask(
                key="elearning_tests",
                label=_("Tes e-learning menunggu dikerjakan"),
                count=len(tests),
                url=reverse("elearning:take_test", args=[module, kind])
                if len(tests) == 1
                else reverse("elearning:catalogue"),
                detail=_("Pre-test atau post-test modul yang sudah Anda mulai."),
            )
        )
    if ready:
        tasks.append(
            OpenTask(
                key="elearning_complete",
                label=_("Modul e-learning lulus, belum diselesaikan"),
                count=len(ready),
                url=reverse("elearning:module_detail", args=[ready[0]])
                if len(ready) == 1
                else reverse("elearning:catalogue"),
                detail=_("Selesaikan modul agar JP-nya tercatat."),
            )
        )
    return tasks
