from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts import services


class Command(BaseCommand):
    help = ("Delete import files never confirmed and export files older than the alert policy's file "
            "retention days, 7 by default (the daily cleanup job).")

    def handle(self, *args, **options):
        result = services.cleanup_expired_files(now=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"deleted: {result}"))
