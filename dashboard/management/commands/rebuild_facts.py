from django.core.management.base import BaseCommand

from common.periods import Period
from dashboard.facts import rebuild_facts


class Command(BaseCommand):
    help = "Rebuild the dashboard's per-person-per-month facts from the source tables (all months, or --month)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM: only this month")

    def handle(self, *args, month=None, **options):
        months = [Period.parse_month(month)] if month else None
        rows = rebuild_facts(months=months)
        self.stdout.write(f"{rows} facts rows written")
