from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts import services


class Command(BaseCommand):
    help = "Raise the daily alerts (SPEC §8) for a day (default today): the same work as the 07:00 beat task."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="the day to run for, YYYY-MM-DD (default: today)")

    def handle(self, *args, day=None, **options):
        try:
            today = services.parse_day(day) if day else timezone.localdate()
        except ValidationError:
            raise CommandError(f"--date {day!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-01.")
        summary = services.run_daily_alerts(today=today)
        items = sum(row["items"] for row in summary.values())
        created = sum(row["notifications"] for row in summary.values())
        for code, row in summary.items():
            if row["items"]:
                self.stdout.write(f"  {code}: {row['items']} items in {row['notifications']} new digests")
        self.stdout.write(self.style.SUCCESS(f"{today.isoformat()}: {items} alerts, {created} new notifications."))
