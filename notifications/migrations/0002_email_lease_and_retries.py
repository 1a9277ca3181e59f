"""Email claims carry a lease; failed sends wait for a retry time and keep their error.

A row left "sending" by the old code has no lease and counts as expired: the next
run sends it again."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notification',
            name='email_claimed_at',
        ),
        migrations.AddField(
            model_name='notification',
            name='email_last_error',
            field=models.CharField(blank=True, max_length=300, verbose_name='galat terakhir pengiriman'),
        ),
        migrations.AddField(
            model_name='notification',
            name='email_lease_until',
            field=models.DateTimeField(blank=True, null=True, verbose_name='diklaim pengirim sampai'),
        ),
        migrations.AddField(
            model_name='notification',
            name='email_next_attempt_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dicoba lagi setelah'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='email_attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='percobaan kirim'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='email_sent_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='email terkirim'),
        ),
    ]
