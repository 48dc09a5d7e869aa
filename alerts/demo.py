"""Demo: the day's 07:00 run, so every role's inbox holds the deduplicated digests the demo's data
raises (picked up by `seed_demo` through `portal.demo`; runs after every other app's builder)."""

from typing import TYPE_CHECKING

from alerts.services import run_daily_alerts

if TYPE_CHECKING:
    from portal.demo import DemoContext


def seed(ctx: "DemoContext") -> None:
    if ctx.large:
        # The large data set is for `make bench`; its alert run belongs to the bench, not the seed.
        ctx.log("alerts: skipped for the large data set (run `manage.py run_daily_alerts`)")
        return
    summary = run_daily_alerts(today=ctx.today)
    items = sum(row["items"] for row in summary.values())
    notes = sum(row["notifications"] for row in summary.values())
    ctx.log(f"alerts: {items} alerts in {notes} digests for {ctx.today.isoformat()}")
