"""`manage.py close_month YYYY-MM`: compute the month's drafts (tiers, scorecards, the bonus
sheet, plans, HR notified) — the same service the monthly Celery task calls. Submitting and
approving the sheet stay a person's act."""

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from common.periods import Period
from incentives.services import month_close


class Command(BaseCommand):
    help = "Compute the drafts of a finished month: tiers, scorecards, bonus sheet, plans; notify HR."

    def add_arguments(self, parser):
        parser.add_argument("month", help="The month to close, as YYYY-MM.")

    def handle(self, *args, month: str, **options):
        try:
            result = month_close(month=Period.parse_month(month))
        except ApplicationError as exc:
            raise CommandError(f"{exc.field + ': ' if exc.field else ''}{exc.message}")
        self.stdout.write(self.style.SUCCESS(
            f"{result['month']}: {result['rows']} bonus rows, scorecards {result['scorecards']}, "
            f"plans {result['plans']}, tiers {result['tiers']}, {result['notified']} notified."
        ))
        self.stdout.write("steps: " + ", ".join(
            f"{name} {step['ms']} ms / {step['queries']} queries" for name, step in result["steps"].items()))
