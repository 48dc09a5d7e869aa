"""Customer health reads (SPEC §16.2): the latest score with its explained components, and the
monthly trend — each one indexed query (`customerhealth_one_per_month`: customer, month)."""

from common.phrases import render
from customers.models import Customer, CustomerHealth, HealthComponent
from customers.services.health import component_explanation

TREND_MONTHS = 12


def customer_health(*, customer: Customer, latest: CustomerHealth | None = None) -> dict:
    """{"score", "band", "month", "components": [{"code", "label", "score", "weight",
    "explanation"}]} with the explanations rendered in the active language; nulls and no
    components when the customer has no score (no signed contract). `latest`: the newest row,
    when the caller read it already (`health_with_trend`)."""
    if latest is None:
        latest = CustomerHealth.objects.filter(customer=customer).order_by("-month").first()
    if latest is None:
        return {**_NO_SCORE, "components": []}
    labels = dict(HealthComponent.choices)
    return {
        "score": latest.score, "band": latest.band, "month": f"{latest.month:%Y-%m}",
        "components": [{"code": c[0], "label": str(labels.get(c[0], c[0])), "score": c[1], "weight": c[2],
                        "explanation": render(component_explanation(c))} for c in latest.components],
    }


def health_with_trend(*, customer: Customer, months: int = TREND_MONTHS) -> tuple[dict, list[CustomerHealth]]:
    """The customer page's panel in one query: `customer_health` and the last `months` monthly
    scores, oldest first."""
    rows = list(CustomerHealth.objects.filter(customer=customer).order_by("-month")[:months])
    if not rows:
        return {**_NO_SCORE, "components": []}, []
    return customer_health(customer=customer, latest=rows[0]), rows[::-1]


_NO_SCORE = {"score": None, "band": None, "month": None, "components": []}
