from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpensesConfig(AppConfig):
    """Expenses (SPEC §7): budgets, claims with receipts, the two-stage approval and the spend
    report. Downstream of customers and events (a claim may name a customer, a follow-up or an event)."""

    name = "expenses"
    verbose_name = _("Expenses")

    def ready(self):
        from events.costs import register_cost_source
        from expenses.selectors import event_costs

        # An event's cost (SPEC §15.3) is the claims naming it at manager_approved or later.
        register_cost_source(event_costs)
