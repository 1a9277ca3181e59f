from decimal import Decimal

import pytest

from elearning import rules


@pytest.mark.parametrize(
    ("correct", "total", "expected"),
    [
        (0, 5, "0.00"),
        (1, 5, "20.00"),
        (5, 5, "100.00"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),  # 66.666… rounds half up
        (1, 8, "12.50"),
        (1, 200, "0.50"),
        (1, 7, "14.29"),
        (1, 1, "100.00"),
    ],
)
def test_score_is_a_percentage_with_two_decimals_rounded_half_up(
    correct, total, expected
):
    assert rules.score_percent(correct, total) == Decimal(expected)


@pytest.mark.parametrize(("correct", "total"), [(0, 0), (1, 0), (-1, 5), (6, 5)])
def test_score_refuses_impossible_counts(correct, total):
    with pytest.raises(ValueError, match="."):
        rules.score_percent(correct, total)


OPTIONS = {1: [11, 12, 13], 2: [21, 22], 3: [31, 32, 33]}
KEY = {1: 11, 2: 22, 3: 31}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({1: 11, 2: 22, 3: 31}, 3),
        ({1: 12, 2: 22, 3: 31}, 2),
        ({1: 12, 2: 21, 3: 33}, 0),
        ({3: 31, 1: 11, 2: 21}, 2),  # order of answers does not matter
    ],
)
def test_count_correct_counts_answers_matching_the_key(answers, expected):
    assert rules.count_correct(options=OPTIONS, key=KEY, answers=answers) == expected


def test_a_choice_of_another_question_is_refused():
    with pytest.raises(rules.InvalidAnswers, match="bukan pilihan dari soal"):
        rules.count_correct(options=OPTIONS, key=KEY, answers={1: 21, 2: 22, 3: 31})


def test_an_unknown_choice_is_refused():
    with pytest.raises(rules.InvalidAnswers, match="bukan pilihan dari soal"):
        rules.count_correct(options=OPTIONS, key=KEY, answers={1: 99, 2: 22, 3: 31})


def test_every_question_must_be_answered():
    with pytest.raises(rules.InvalidAnswers, match="1 soal belum dijawab"):
        rules.count_correct(options=OPTIONS, key=KEY, answers={1: 11, 2: 22})


def test_an_answer_to_a_question_of_another_test_is_refused():
    with pytest.raises(rules.InvalidAnswers, match="bukan bagian dari tes"):
        rules.count_correct(
            options=OPTIONS, key=KEY, answers={1: 11, 2: 22, 3: 31, 4: 41}
        )


def test_the_best_post_test_attempt_counts():
    scores = [Decimal("40"), Decimal("80"), Decimal("60")]
    assert rules.counted_post_score(scores) == Decimal("80")
    assert rules.counted_post_score([]) is None


@pytest.mark.parametrize(
    ("pre", "post", "gain"),
    [
        ("40.00", "80.00", "40.00"),
        ("80.00", "60.00", "-20.00"),  # a fall is shown as it is
        ("33.33", "66.67", "33.34"),
        ("100.00", "100.00", "0.00"),
    ],
)
def test_gain_is_post_minus_pre_in_percentage_points(pre, post, gain):
    assert rules.learning_gain(Decimal(pre), Decimal(post)) == Decimal(gain)


@pytest.mark.parametrize(("pre", "post"), [(None, Decimal(50)), (Decimal(50), None)])
def test_gain_waits_for_both_tests(pre, post):
    assert rules.learning_gain(pre, post) is None


@pytest.mark.parametrize(
    ("score", "mark", "passed"),
    [
        (Decimal("70.00"), 70, True),
        (Decimal("69.99"), 70, False),
        (Decimal("100"), 100, True),
        (None, 70, False),
    ],
)
def test_passing_means_at_or_above_the_pass_mark(score, mark, passed):
    assert rules.has_passed(score, mark) is passed


def _blockers(**overrides):
    figures = {
        "pre_test_taken": True,
        "lessons_total": 3,
        "lessons_done": 3,
        "requires_all_lessons": True,
        "best_post_score": Decimal("80"),
        "pass_mark": 70,
    }
    figures.update(overrides)
    return rules.completion_blockers(**figures)


def test_a_module_with_everything_done_may_be_completed():
    assert _blockers() == []


def test_completion_needs_the_pre_test():
    assert _blockers(pre_test_taken=False) == ["Kerjakan pre-test terlebih dahulu."]


def test_completion_needs_every_lesson_when_the_module_asks_for_it():
    assert _blockers(lessons_done=2) == ["Selesaikan semua materi (2 dari 3 selesai)."]
    assert _blockers(lessons_done=2, requires_all_lessons=False) == []


def test_completion_needs_a_passing_post_test():
    assert _blockers(best_post_score=None) == ["Kerjakan post-test."]
    [message] = _blockers(best_post_score=Decimal("60.00"))
    assert "60.00" in message
    assert "70" in message


def test_every_blocker_is_listed_at_once():
    assert (
        len(_blockers(pre_test_taken=False, lessons_done=0, best_post_score=None)) == 3
    )


@pytest.mark.parametrize(
    ("pre", "done", "requires_all", "open_"),
    [
        (False, 3, True, False),
        (True, 2, True, False),
        (True, 3, True, True),
        (True, 0, False, True),
        (False, 0, False, False),
    ],
)
def test_post_test_opens_after_pre_test_and_lessons(pre, done, requires_all, open_):
    assert (
        rules.post_test_open(
            pre_test_taken=pre,
            lessons_total=3,
            lessons_done=done,
            requires_all_lessons=requires_all,
        )
        is open_
    )


@pytest.mark.parametrize(
    ("done", "total", "percent"), [(0, 3, 0), (1, 3, 33), (3, 3, 100), (0, 0, 0)]
)
def test_progress_percent(done, total, percent):
    assert rules.progress_percent(done, total) == percent
