"""Fills the daily totals from the responses already stored (same rule as
services.rebuild_daily_totals); reversing empties them."""

from django.db import migrations
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate

PROFILE = {
    ("gender", "L"): "g_l",
    ("gender", "P"): "g_p",
    ("education", "SD"): "edu_sd",
    ("education", "SMP"): "edu_smp",
    ("education", "SMA"): "edu_sma",
    ("education", "D1-D4"): "edu_d1_d4",
    ("education", "S1"): "edu_s1",
    ("education", "S2"): "edu_s2",
    ("education", "S3"): "edu_s3",
    ("occupation", "PNS"): "job_pns",
    ("occupation", "TNI"): "job_tni",
    ("occupation", "POLRI"): "job_polri",
    ("occupation", "SWASTA"): "job_swasta",
    ("occupation", "WIRAUSAHA"): "job_wirausaha",
    ("occupation", "LAINNYA"): "job_lainnya",
}


def fill(apps, schema_editor):
    SurveyResponse = apps.get_model("feedback", "SurveyResponse")
    DailyTotal = apps.get_model("feedback", "DailyTotal")
    aggregates = {"respondents": Count("id")}
    for i in range(1, 10):
        aggregates[f"s{i}"] = Coalesce(Sum(f"u{i}"), 0)
        aggregates[f"n{i}"] = Count(f"u{i}")
    for (name, value), column in PROFILE.items():
        aggregates[column] = Count("id", filter=Q(**{name: value}))
    rows = (
        SurveyResponse.objects.order_by()
        .annotate(day=TruncDate("submitted_at"))
        .values("service_unit_id", "day")
        .annotate(**aggregates)
    )
    DailyTotal.objects.all().delete()
    DailyTotal.objects.bulk_create(
        (DailyTotal(**row) for row in rows.iterator()), batch_size=2000
    )


def empty(apps, schema_editor):
    apps.get_model("feedback", "DailyTotal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_daily_totals")]

    operations = [migrations.RunPython(fill, empty)]
