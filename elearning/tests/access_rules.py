"""Who may open each e-learning URL (format: tests/access.py).

Every ASN of the agency may take its published modules (supervisors, HR and leaders are
ASN too); HR authors them; HR and leaders read the results. Another agency's module is
a 404 for everyone."""

from django.core.files.base import ContentFile

from elearning.models import Lesson
from elearning.tests.factories import make_module
from tests.access import ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule

HR_ONLY = frozenset({HR})
RESULTS = frozenset({HR, LEADER})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _module(org):
    return [make_module(org["agency"]).pk]


def _draft(org):
    return [make_module(org["agency"], published=False).pk]


def _test(kind):
    return lambda org: [*_module(org), kind]


def _own_attempt(org):
    """A pre-test attempt of the org's ASN: only they may review it."""
    from elearning import services
    from elearning.tests.factories import answers_for

    module = make_module(org["agency"])
    progress = services.start_module(employee=org["member"], module=module)
    attempt = services.submit_test(
        progress=progress, kind="pre", answers=answers_for(module, "pre")
    )
    return [module.pk, attempt.pk]


def _lesson(org):
    module = make_module(org["agency"])
    return [module.pk, module.lessons.first().pk]


def _file_lesson(org):
    module = make_module(org["agency"], lessons=0)
    lesson = Lesson(module=module, order=1, title="Modul PDF", kind=Lesson.Kind.FILE)
    lesson.attachment.save("modul.pdf", ContentFile(PDF), save=True)
    return [module.pk, lesson.pk]


def _draft_lesson(org):
    module = make_module(org["agency"], published=False)
    return [module.pk, module.lessons.first().pk]


def _draft_question(org):
    module = make_module(org["agency"], published=False)
    return [module.pk, module.tests.get(kind="pre").questions.first().pk]


def _new_module(org):
    return {
        "title": "Literasi Digital untuk ASN",
        "competency_area": "Digital",
        "jp": "2",
        "pass_mark": "70",
    }


RULES = [
    Rule("elearning:catalogue", allowed=LOGGED_IN),
    Rule("elearning:module_detail", allowed=LOGGED_IN, args=_module),
    Rule("elearning:module_start", allowed=LOGGED_IN, args=_module, method="POST"),
    Rule("elearning:take_test", allowed=LOGGED_IN, args=_test("pre")),
    Rule("elearning:take_test", allowed=LOGGED_IN, args=_test("post"), method="POST"),
    Rule("elearning:attempt_review", allowed=frozenset({ASN}), args=_own_attempt),
    Rule("elearning:lesson_detail", allowed=LOGGED_IN, args=_lesson),
    Rule("elearning:lesson_done", allowed=LOGGED_IN, args=_lesson, method="POST"),
    Rule("elearning:lesson_file", allowed=LOGGED_IN, args=_file_lesson),
    Rule("elearning:module_complete", allowed=LOGGED_IN, args=_module, method="POST"),
    Rule("elearning:team_progress", allowed=frozenset({SUPERVISOR})),
    Rule("elearning:manage_list", allowed=HR_ONLY),
    Rule("elearning:module_create", allowed=HR_ONLY),
    Rule("elearning:module_create", allowed=HR_ONLY, method="POST", data=_new_module),
    Rule("elearning:module_manage", allowed=HR_ONLY, args=_draft),
    Rule("elearning:module_edit", allowed=HR_ONLY, args=_draft),
    Rule("elearning:module_publish", allowed=HR_ONLY, args=_draft, method="POST"),
    Rule("elearning:lesson_create", allowed=HR_ONLY, args=_draft),
    Rule(
        "elearning:lesson_edit",
        allowed=HR_ONLY,
        args=_draft_lesson,
    ),
    Rule(
        "elearning:test_manage",
        allowed=HR_ONLY,
        args=lambda org: [*_draft(org), "post"],
    ),
    Rule(
        "elearning:question_create",
        allowed=HR_ONLY,
        args=lambda org: [*_draft(org), "pre"],
    ),
    Rule("elearning:question_edit", allowed=HR_ONLY, args=_draft_question),
    Rule(
        "elearning:lesson_delete",
        allowed=HR_ONLY,
        args=_draft_lesson,
        method="POST",
    ),
    Rule(
        "elearning:question_delete",
        allowed=HR_ONLY,
        args=_draft_question,
        method="POST",
    ),
    Rule("elearning:results_list", allowed=RESULTS),
    Rule("elearning:results_detail", allowed=RESULTS, args=_module),
    Rule("elearning:results_export", allowed=RESULTS, args=_module),
]
