"""The yearly JP totals, filled from the credits already stored (same rule as
services.ledger.rebuild_jp_year_totals); reversing drops them."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum


def fill(apps, schema_editor):
    JpCredit = apps.get_model("training", "JpCredit")
    JpYearTotal = apps.get_model("training", "JpYearTotal")
    rows = JpCredit.objects.order_by().values("employee_id", "year").annotate(jp=Sum("jp"))
    JpYearTotal.objects.bulk_create(
        (JpYearTotal(**row) for row in rows.iterator()), batch_size=2000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_pending_import_in_the_database'),
        ('training', '0016_certificate_number'),
    ]

    operations = [
        migrations.CreateModel(
            name='JpYearTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='tahun')),
                ('jp', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='JP')),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jp_year_totals', to='people.employee')),
            ],
            options={
                'verbose_name': 'total JP tahunan',
                'verbose_name_plural': 'total JP tahunan',
                'indexes': [models.Index(fields=['year', 'jp', 'employee'], name='jpyeartotal_reached')],
                'constraints': [models.UniqueConstraint(fields=('employee', 'year'), name='jpyeartotal_once_per_year')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
