from django import template

register = template.Library()


@register.simple_tag
def field_of(form, prefix, pk):
    """The bound field named prefix + pk (forms with one block per work result)."""
    return form[f"{prefix}{pk}"]


@register.filter
def status_label(value, model):
    """The display label of a status value annotated onto a row ("plan" or
    "assessment"), or of a predikat ("predikat")."""
    from evaluations.models import Assessment, PerformancePlan
    from evaluations.rules import Predikat, Rating

    choices = {
        "plan": PerformancePlan.Status,
        "assessment": Assessment.Status,
        "predikat": Predikat,
        "rating": Rating,
    }[model]
    try:
        return choices(value).label
    except ValueError:
        return value or "–"
