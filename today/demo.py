"""Demo (issue 12 item 6): one rep of the small demo, `rep01`, has let many planned follow-ups slip,
so the first sign-in as a rep shows a long Today list, most overdue first. Each chosen customer's
latest follow-up gets a planned next date that has passed — the customer's `next_follow_up_on` is
the latest follow-up's, as the follow-up service keeps it. Picked up by `seed_demo` through
`portal.demo`; deterministic (draws only from `ctx.rng` and `ctx.today`)."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery

if TYPE_CHECKING:
    from portal.demo import DemoContext

DEMO_REP = "rep01"
#: How many more of the rep's customers become overdue (the demo's own cadence already makes a few).
SLIPPED = 15


def seed(ctx: "DemoContext") -> None:
    if ctx.large:
        return
    from customers.models import Customer, CustomerStatus, FollowUp

    latest = FollowUp.objects.filter(customer=OuterRef("pk")).order_by("-occurred_at", "-pk")
    candidates = list(
        Customer.objects.filter(owner__user__username=DEMO_REP).exclude(status=CustomerStatus.LOST)
        .annotate(latest_id=Subquery(latest.values("pk")[:1]), latest_at=Subquery(latest.values("occurred_at")[:1]))
        .filter(latest_at__date__lte=ctx.today - timedelta(days=3)).order_by("pk")
    )
    chosen = ctx.rng.sample(candidates, min(SLIPPED, len(candidates)))
    for customer in chosen:
        occurred_on = customer.latest_at.date()
        gap = (ctx.today - occurred_on).days - 1
        planned = occurred_on + timedelta(days=ctx.rng.randint(1, max(1, min(gap, 20))))
        FollowUp.objects.filter(pk=customer.latest_id).update(next_follow_up_on=planned)
        Customer.objects.filter(pk=customer.pk).update(next_follow_up_on=planned)
    ctx.log(f"  today: {len(chosen)} planned follow-ups of {DEMO_REP} slipped (Today: most overdue first)")
