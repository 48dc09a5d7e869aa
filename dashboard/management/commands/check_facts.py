from django.core.management.base import BaseCommand, CommandError

from common.periods import Period
from dashboard.facts import facts_drift


class Command(BaseCommand):
    help = "Compare the dashboard's facts with a recomputation from the source tables; exit 1 on drift."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM: only this month")

    def handle(self, *args, month=None, **options):
        drift = facts_drift(months=[Period.parse_month(month)] if month else None)
        for period, employee_id, stored, computed in drift[:50]:
            self.stderr.write(f"{period} employee {employee_id}: stored {stored} != computed {computed}")
        if drift:
            raise CommandError(f"{len(drift)} facts rows differ from a recomputation (run rebuild_facts)")
        self.stdout.write("facts match a recomputation")
