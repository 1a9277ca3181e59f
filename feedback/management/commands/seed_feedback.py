from django.core.management.base import BaseCommand

from feedback import demo


class Command(BaseCommand):
    help = (
        "Service units, survey responses and complaints for the demo (small) or the "
        "benchmark (large: 1,000,000 responses)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(demo.SIZES), default="small")

    def handle(self, *args, size, **options):
        demo.seed(size=size, stdout=self.stdout)
