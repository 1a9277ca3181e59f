"""The JP per unit, month and development form, filled from the ledger already
stored (same rule as services.jp_totals.refresh_jp_form_totals); reversing drops
them."""

import datetime
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q, Sum


def _month_end(year, month):
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def fill(apps, schema_editor):
    JpCredit = apps.get_model("training", "JpCredit")
    JpFormTotal = apps.get_model("training", "JpFormTotal")
    pairs = (
        JpCredit.objects.order_by().values_list("employee__agency_id", "year").distinct()
    )
    for agency_id, year in list(pairs):
        aggregates = {}
        for month in range(1, 13):
            through = Q(date__lte=_month_end(year, month))
            aggregates |= {
                f"declared_{month}": Sum(
                    "jp", filter=through & Q(minutes__isnull=True), default=Decimal(0)
                ),
                f"minutes_{month}": Sum("minutes", filter=through, default=0),
                f"people_{month}": Count("employee_id", filter=through, distinct=True),
            }
        rows = (
            JpCredit.objects.filter(employee__agency_id=agency_id, year=year)
            .order_by()
            .values("employee__unit_id", "form")
            .annotate(**aggregates)
        )
        JpFormTotal.objects.bulk_create(
            JpFormTotal(
                agency_id=agency_id,
                unit_id=row["employee__unit_id"],
                year=year,
                month=month,
                form=row["form"],
                declared_jp=row[f"declared_{month}"],
                minutes=row[f"minutes_{month}"],
                people=row[f"people_{month}"],
            )
            for row in rows
            for month in range(1, 13)
            if row[f"people_{month}"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0019_backgroundjob_elearning_results_export'),
        ('training', '0025_session_unit_totals'),
    ]

    operations = [
        migrations.CreateModel(
            name='JpFormTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='tahun')),
                ('month', models.PositiveSmallIntegerField(verbose_name='sampai bulan')),
                ('form', models.CharField(choices=[('pendidikan', 'Pendidikan formal (tugas belajar)'), ('kepemimpinan', 'Pelatihan struktural kepemimpinan'), ('manajerial', 'Pelatihan manajerial'), ('teknis', 'Pelatihan teknis'), ('fungsional', 'Pelatihan fungsional'), ('sosial_kultural', 'Pelatihan sosial kultural'), ('seminar', 'Seminar / konferensi / sarasehan'), ('workshop', 'Workshop / lokakarya'), ('kursus', 'Kursus'), ('penataran', 'Penataran'), ('bimtek', 'Bimbingan teknis'), ('sosialisasi', 'Sosialisasi'), ('coaching', 'Coaching'), ('mentoring', 'Mentoring'), ('e_learning', 'E-learning'), ('jarak_jauh', 'Pelatihan jarak jauh'), ('detasering', 'Detasering (secondment)'), ('alam_terbuka', 'Pembelajaran alam terbuka'), ('patok_banding', 'Patok banding (benchmarking)'), ('pertukaran', 'Pertukaran PNS dengan swasta/BUMN/BUMD'), ('belajar_mandiri', 'Belajar mandiri'), ('komunitas_belajar', 'Komunitas belajar'), ('bimbingan_tempat_kerja', 'Bimbingan di tempat kerja'), ('magang', 'Magang / praktik kerja')], max_length=30, verbose_name='bentuk pengembangan')),
                ('declared_jp', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='JP dari kegiatan ber-JP')),
                ('minutes', models.PositiveBigIntegerField(default=0, verbose_name='menit dari kegiatan bermenit')),
                ('people', models.PositiveIntegerField(default=0, verbose_name='ASN')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.agency')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.workunit')),
            ],
            options={
                'verbose_name': 'rekap JP per bentuk',
                'verbose_name_plural': 'rekap JP per bentuk',
                'indexes': [models.Index(fields=['agency', 'year', 'month'], name='jpformtotal_when')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'year', 'month', 'form'), name='jpformtotal_once')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
