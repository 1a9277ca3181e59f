"""The index every IKM aggregate uses. On PostgreSQL it carries the nine scores
(INCLUDE), so SUM/COUNT per unsur over a unit and period reads only the index."""

from django.db import migrations

COLUMNS = "u1, u2, u3, u4, u5, u6, u7, u8, u9"
NAME = "surveyresp_unit_time_cover"
TABLE = "feedback_surveyresponse"


def create(apps, schema_editor):
    include = (
        f" INCLUDE ({COLUMNS})" if schema_editor.connection.vendor == "postgresql" else ""
    )
    schema_editor.execute(
        f"CREATE INDEX {NAME} ON {TABLE} (service_unit_id, submitted_at){include}"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_service_units_surveys_complaints")]

    operations = [migrations.RunPython(create, drop)]
