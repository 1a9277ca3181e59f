"""Pure training rules (docs/domain.md, "Competency development (JP)" and "Training
completion and evaluation"): no database access. The JP conversion lives beside
them in `training/jp.py`."""

import datetime

from people.models import Employee, is_serving


def target_applies(*, status: str, applies_to_pppk: bool, legal_status: str) -> bool:
    """Whether the yearly JP target applies to an ASN: one serving in the agency
    (kedudukan hukum Aktif or unrecorded, not on CLTN, study leave, suspension or
    pre-retirement leave), always a PNS, a PPPK when the agency says so
    (Agency.jp_target_applies_to_pppk)."""
    if not is_serving(legal_status):
        return False
    return status == Employee.Status.PNS or applies_to_pppk


def meets_completion_rule(
    *,
    days_present: int,
    days_total: int,
    min_attendance_percent: int,
    requires_post_test: bool,
    post_test_score,
) -> bool:
    """Attendance at least the programme's minimum, and the post-test taken when the
    programme requires one."""
    if days_total <= 0:
        return False
    if days_present * 100 < min_attendance_percent * days_total:
        return False
    return not (requires_post_test and post_test_score is None)


# A questionnaire step missed on its day is still sent this many days after the last
# reminder day; an answered questionnaire stops them all.
QUESTIONNAIRE_CATCH_UP_DAYS = 14


def due_reminder_steps(days_after_end: int, reminder_days: list[int]) -> list[str]:
    """Every questionnaire step due so many days after the end: "invite" from the
    end date, then each reminder day reached ("1", "3"...). The run sends each one
    not yet sent, so days without a run (a worker down) lose nothing: they are
    caught up, up to QUESTIONNAIRE_CATCH_UP_DAYS after the last reminder day."""
    last = reminder_days[-1] if reminder_days else 0
    if not 0 <= days_after_end <= last + QUESTIONNAIRE_CATCH_UP_DAYS:
        return []
    return ["invite", *(str(day) for day in reminder_days if day <= days_after_end)]


def follow_up_due_date(end_date: datetime.date, weeks: int) -> datetime.date:
    """When the supervisor is asked how the training is applied on the job."""
    return end_date + datetime.timedelta(weeks=weeks)
