from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from customers.services.tiering import customers_recompute_tiers


class Command(BaseCommand):
    help = "Recompute every customer's A/B/C tier and lifecycle status (SPEC §2.2, §2.3)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="The day the recomputation treats as today (YYYY-MM-DD); default today.")

    def handle(self, *args, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}")
        summary = customers_recompute_tiers(as_of=day)
        self.stdout.write(
            f"As of {summary['as_of']}: {summary['customers']} customers, "
            f"{summary['tier_changed']} tier changes, {summary['status_changed']} status changes."
        )
