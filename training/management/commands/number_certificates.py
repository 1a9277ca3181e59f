"""Numbers the certificates issued before the agency's numbering was set up."""

from django.core.management.base import BaseCommand

from training.services.delivery import number_unnumbered_certificates


class Command(BaseCommand):
    help = (
        "Beri nomor, menurut pola instansi, pada sertifikat yang diterbitkan "
        "sebelum penomoran (urut tanggal terbit; aman dijalankan ulang)."
    )

    def handle(self, *args, **options):
        count = number_unnumbered_certificates()
        self.stdout.write(f"{count} sertifikat diberi nomor.")
