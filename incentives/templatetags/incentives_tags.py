from django import template
from django.utils.translation import gettext_lazy as _

from teams.models import Role

register = template.Library()

COMPONENT_LABELS = {
    "commission": _("Commission"),
    "top3": _("Top-3 monthly bonus"),
    "first_order": _("First-order bonus"),
    "team_bonus": _("Team achievement bonus"),
    "retention": _("Retention bonus"),
    "referral": _("Referral reward"),
    "adjustments": _("Adjustments"),
    "total": _("Total"),
    "target": _("Target"),
    "actual": _("Actual sales"),
    "attainment": _("Attainment %"),
    "composite": _("Composite score"),
    "rank": _("Rank"),
}


@register.filter
def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


@register.filter
def component_label(code: str) -> str:
    return COMPONENT_LABELS.get(code, code)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def money(value) -> str:
    """2200 → "2,200.00"; empty for None."""
    if value is None or value == "":
        return "—"
    return f"{value:,.2f}"


@register.filter
def get_attr(obj, name: str):
    return getattr(obj, name, None)
