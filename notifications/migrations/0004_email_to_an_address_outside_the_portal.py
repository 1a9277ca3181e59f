"""A notification may be an email alone to an address outside the portal (a
complainant has no account), once per (address, kind, object, step), through the
same outbox. Every existing row has a recipient and no address."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_deliver_emails_every_minute'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='to_email',
            field=models.EmailField(blank=True, help_text='Hanya untuk penerima tanpa akun, misalnya pelapor pengaduan.', max_length=254, verbose_name='alamat email di luar portal'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='recipient',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='penerima'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(condition=models.Q(('recipient__isnull', True)), fields=('to_email', 'kind', 'object_key', 'step'), name='notification_to_address_once'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('recipient__isnull', False), ('to_email', '')), models.Q(('recipient__isnull', True), models.Q(('to_email', ''), _negated=True)), _connector='OR'), name='notification_user_or_address'),
        ),
    ]
