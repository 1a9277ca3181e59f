"""E-learning rules: scoring, learning gain, when a module counts as complete, and how
questions are drawn and attempts limited.

Pure functions, no database access. Scores are percentages with two decimals
(ROUND_HALF_UP); the learning gain is the post-test score minus the pre-test score, in
percentage points (Kirkpatrick level 2)."""

import datetime
import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

SCORE_PLACES = Decimal("0.01")


class InvalidAnswers(ValueError):
    """The submitted answers do not fit the test; nothing may be recorded."""


def score_percent(correct: int, total: int) -> Decimal:
    """Share of correct answers as a percentage, two decimals, half up."""
    if total <= 0:
        raise ValueError("a test needs at least one question")
    if not 0 <= correct <= total:
        raise ValueError("correct must be between 0 and total")
    return (Decimal(correct) * 100 / Decimal(total)).quantize(
        SCORE_PLACES, rounding=ROUND_HALF_UP
    )


def count_correct(
    *,
    options: Mapping[int, Iterable[int]],
    key: Mapping[int, int],
    answers: Mapping[int, int],
    all_required: bool = True,
) -> int:
    """Correct answers out of `answers` (question id → chosen choice id).

    `options` maps every question of the test to its choice ids and `key` to its one
    correct choice. Every question must be answered (unless `all_required` is False:
    the time ran out, and what is unanswered is wrong), with a choice of that
    question; anything else raises InvalidAnswers so that no attempt is stored."""
    unknown = set(answers) - set(options)
    if unknown:
        raise InvalidAnswers(_("Jawaban memuat soal yang bukan bagian dari tes ini."))
    missing = [q for q in options if q not in answers]
    if missing and all_required:
        raise InvalidAnswers(
            _("Semua soal harus dijawab (%(n)s soal belum dijawab).")
            % {"n": len(missing)}
        )
    for question, choice in answers.items():
        if choice not in set(options[question]):
            raise InvalidAnswers(
                _("Jawaban yang dipilih bukan pilihan dari soal tersebut.")
            )
    return sum(1 for question, choice in answers.items() if key.get(question) == choice)


def counted_post_score(scores: Iterable[Decimal]) -> Decimal | None:
    """The post-test score that counts: the best of all attempts (retries allowed)."""
    scores = list(scores)
    return max(scores) if scores else None


def learning_gain(pre: Decimal | None, post: Decimal | None) -> Decimal | None:
    """Post minus pre in percentage points; None until both tests are taken."""
    if pre is None or post is None:
        return None
    return Decimal(post) - Decimal(pre)


def has_passed(score: Decimal | None, pass_mark: int) -> bool:
    return score is not None and Decimal(score) >= Decimal(pass_mark)


def completion_blockers(
    *,
    pre_test_taken: bool,
    lessons_total: int,
    lessons_done: int,
    requires_all_lessons: bool,
    best_post_score: Decimal | None,
    pass_mark: int,
) -> list[str]:
    """What still stands between a participant and completing the module (empty when
    the module may be completed): the pre-test, the lessons if the module asks for all
    of them, and a post-test score at or above the pass mark."""
    blockers = []
    if not pre_test_taken:
        blockers.append(_("Kerjakan pre-test terlebih dahulu."))
    if requires_all_lessons and lessons_done < lessons_total:
        blockers.append(
            _("Selesaikan semua materi (%(done)s dari %(total)s selesai).")
            % {"done": lessons_done, "total": lessons_total}
        )
    if best_post_score is None:
        blockers.append(_("Kerjakan post-test."))
    elif not has_passed(best_post_score, pass_mark):
        blockers.append(
            _("Nilai post-test terbaik %(score)s belum mencapai batas lulus %(mark)s.")
            % {"score": best_post_score, "mark": pass_mark}
        )
    return blockers


def post_test_open(
    *,
    pre_test_taken: bool,
    lessons_total: int,
    lessons_done: int,
    requires_all_lessons: bool,
) -> bool:
    """The post-test comes at the end: after the pre-test and, when the module asks
    for it, after every lesson."""
    if not pre_test_taken:
        return False
    return not requires_all_lessons or lessons_done >= lessons_total


def progress_percent(lessons_done: int, lessons_total: int) -> int:
    if lessons_total <= 0:
        return 0
    return min(lessons_done * 100 // lessons_total, 100)


# Drawing questions and the limits on attempts ----------------------------------------

# A test sent up to this long after its time limit still counts: the page sends it
# itself when the time is up, and the request needs a moment to arrive.
LATE_GRACE = datetime.timedelta(seconds=60)


def draw_questions(
    pool: Mapping[int, list[int]],
    *,
    count: int,
    rng: random.Random,
    not_in_order: Sequence[int] = (),
) -> list[list]:
    """`count` questions of `pool` (question id → its choice ids; 0 or more than the
    pool = all), in a random order, each with its choices shuffled:
    [[question id, [choice id, ...]], ...].

    `not_in_order` is an earlier attempt's question order (the pre-test's, for the
    post-test): a draw that repeats it exactly is turned by one place, so a learner
    never meets the same questions in the same order twice running."""
    questions = sorted(pool)
    size = count if 0 < count < len(questions) else len(questions)
    order = rng.sample(questions, size)
    if len(order) > 1 and order == list(not_in_order):
        order = order[1:] + order[:1]
    return [
        [question, rng.sample(pool[question], len(pool[question]))]
        for question in order
    ]


def attempts_left(used: int, allowed: int) -> int | None:
    """Post-test attempts still open; None when the module sets no limit (0)."""
    if allowed == 0:
        return None
    return max(allowed - used, 0)


def next_attempt_from(
    last_submitted: datetime.datetime | None, wait_minutes: int
) -> datetime.datetime | None:
    """When the post-test may be taken again after the last attempt; None at once."""
    if last_submitted is None or wait_minutes == 0:
        return None
    return last_submitted + datetime.timedelta(minutes=wait_minutes)


def test_deadline(
    started: datetime.datetime, limit_minutes: int | None
) -> datetime.datetime | None:
    if not limit_minutes:
        return None
    return started + datetime.timedelta(minutes=limit_minutes)


def sent_too_late(deadline: datetime.datetime | None, sent: datetime.datetime) -> bool:
    return deadline is not None and sent > deadline + LATE_GRACE


def reading_done_from(
    opened: datetime.datetime | None, minimum_minutes: int
) -> datetime.datetime | None:
    """When a lesson opened at `opened` has been read long enough; None when the
    lesson asks for no minimum time."""
    if minimum_minutes == 0:
        return None
    if opened is None:
        raise ValueError("a lesson with a minimum time must have been opened")
    return opened + datetime.timedelta(minutes=minimum_minutes)
