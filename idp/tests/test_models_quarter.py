"""A plan activity's target quarter is named as people say it, in their language."""

from django.utils import translation

from idp.models import PlanActivity


def test_the_quarter_is_named_in_roman_numerals_in_either_language():
    activity = PlanActivity(quarter=2)
    with translation.override("id"):
        assert str(activity.get_quarter_display()) == "Triwulan II"
    with translation.override("en"):
        assert str(activity.get_quarter_display()) == "Quarter II"
