"""The daily alerts that have their data today (SPEC §8). Each is one registered function of
`today` returning every item whose threshold has passed; keys say what it is about and the
threshold, so the run's ledger sends each once. The queries are the customers app's selectors
where they exist; the alert-only ones live in `alerts.selectors`."""


from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alerts import phrases, selectors
from alerts.registry import Item, daily_alert, register_kind
from common.phrases import money_text, phrase
from customers.selectors.pipeline import (
    contracts_needing_renewal_alert,
    receivable_overdue_alert_key,
    receivables_needing_overdue_alert,
    renewal_alert_key,
)


def _user(employee):
    return getattr(employee, "user", None) if employee is not None else None


def _owner_and_manager(owner, managers):
    return [_user(owner), managers.get(owner.pk)]


def _to_owners_and_managers(rows, *, owner, key, message, link):
    """An item per row to its owner (`owner(row)`) and their line manager, as most kinds send."""
    rows = list(rows)
    managers = selectors.line_managers([owner(row) for row in rows])
    for row in rows:
        yield Item(key=key(row), recipients=_owner_and_manager(owner(row), managers),
                   message=message(row), link=link(row))


@daily_alert("followup_overdue", _("Follow-up overdue"), order=10,
             header=_("Customers overdue for follow-up: %(count)s."))
def followup_overdue(today):
    """Owner and, as a digest, their supervisor (the line manager). Keyed by the customer and its
    last contact: a new follow-up starts a new episode."""
    return _to_owners_and_managers(
        selectors.followup_overdue_for_alerts(today), owner=lambda c: c.owner,
        key=lambda c: f"followup-overdue:{c.pk}:{c.last_contact_day.isoformat()}",
        message=lambda c: phrase(phrases.FOLLOWUP_OVERDUE, customer=c.name, tier=c.tier, owner=c.owner.name,
                                 since=c.last_contact_day.isoformat()),
        link=lambda c: reverse("customers:customer-detail", args=[c.pk]),
    )


@daily_alert("no_followup", _("No follow-up logged"), order=20,
             header=_("Working days without a logged follow-up: %(count)s."))
def no_followup(today):
    """Every working day (back to the catch-up horizon, before `today`) on which an employed rep
    logged nothing: to the rep and their supervisor."""
    return _to_owners_and_managers(
        selectors.working_days_without_followup(today), owner=lambda missed: missed[0],
        key=lambda missed: f"no-followup:{missed[0].pk}:{missed[1].isoformat()}",
        message=lambda missed: phrase(phrases.NO_FOLLOWUP, employee=missed[0].name, day=missed[1].isoformat()),
        link=lambda missed: reverse("teams:employee-detail", args=[missed[0].pk]),
    )


@daily_alert("quote_sla", _("Quote SLA breached"), order=30,
             header=_("Open opportunities past their quote due date: %(count)s."))
def quote_sla(today):
    return _to_owners_and_managers(
        selectors.quote_sla_breached_open(today), owner=lambda o: o.owner,
        key=lambda o: f"quote-sla:{o.pk}:{o.quote_due_on.isoformat()}",
        message=lambda o: phrase(phrases.QUOTE_SLA, opportunity=o.name, customer=o.customer.name,
                                 owner=o.owner.name, due=o.quote_due_on.isoformat()),
        link=lambda o: reverse("customers:opportunity-detail", args=[o.pk]),
    )


@daily_alert("delivery_sla", _("Delivery SLA breached"), order=40,
             header=_("Contracts past their delivery due date: %(count)s."))
def delivery_sla(today):
    return _to_owners_and_managers(
        selectors.delivery_sla_breached_recent(today), owner=lambda c: c.owner,
        key=lambda c: f"delivery-sla:{c.pk}",
        message=lambda c: phrase(phrases.DELIVERY_SLA, number=c.number, customer=c.customer.name,
                                 owner=c.owner.name, due=c.delivery_due_on.isoformat()),
        link=lambda c: reverse("customers:contract-detail", args=[c.pk]),
    )


@daily_alert("renewal", _("Contract renewal"), order=50,
             header=_("Contracts coming up for renewal: %(count)s."))
def renewal(today):
    """60/30/7 days (PipelinePolicy) before the end while no contract renews it: to the owner.
    The customers selector gives every passed threshold of a contract that has not ended."""
    for contract, threshold in contracts_needing_renewal_alert(today):
        yield Item(
            key=renewal_alert_key(contract.pk, threshold),
            recipients=[_user(contract.owner)],
            message=phrase(phrases.RENEWAL, number=contract.number, customer=contract.customer.name,
                           end=contract.end_on.isoformat(), days=str(threshold)),
            link=reverse("customers:contract-detail", args=[contract.pk]),
        )


@daily_alert("receivable_overdue", _("Receivable overdue"), order=60,
             header=_("Overdue receivables: %(count)s."))
def receivable_overdue(today):
    """1/7/30 calendar days past due (PipelinePolicy) while not fully paid: to the contract's owner
    and to finance, who track collections."""
    due = receivables_needing_overdue_alert(today)
    finance = selectors.finance_users()
    for receivable, threshold in due:
        contract = receivable.contract
        yield Item(
            key=receivable_overdue_alert_key(receivable.pk, threshold),
            recipients=[_user(contract.owner), *finance],
            message=phrase(phrases.RECEIVABLE_OVERDUE, amount=money_text(receivable.amount),
                           due=receivable.due_on.isoformat(), number=contract.number,
                           customer=contract.customer.name, days=str(threshold)),
            link=reverse("customers:contract-detail", args=[contract.pk]),
        )


@daily_alert("churn_risk", _("Churn risk"), order=70, header=_("Customers at churn risk: %(count)s."))
def churn_risk(today):
    """A customer whose status is churn risk: to the owner and their line manager, once per turn
    to churn risk (keyed by the status change that made it so)."""
    return _to_owners_and_managers(
        selectors.churn_risk_customers(), owner=lambda c: c.owner,
        key=lambda c: f"churn-risk:{c.pk}:{c.churn_turn or 0}",
        message=lambda c: phrase(phrases.CHURN_RISK, customer=c.name, owner=c.owner.name),
        link=lambda c: reverse("customers:customer-detail", args=[c.pk]),
    )


@daily_alert("slipped_opportunity", _("Slipped opportunity"), order=80,
             header=_("Opportunities past their expected close date: %(count)s."))
def slipped_opportunity(today):
    """Still open after the expected close date (SPEC §3.5): to the owner and their line manager;
    keyed by the date, so a new date that slips again alerts again."""
    return _to_owners_and_managers(
        selectors.slipped_opportunities(today), owner=lambda o: o.owner,
        key=lambda o: f"slipped:{o.pk}:{o.expected_close_on.isoformat()}",
        message=lambda o: phrase(phrases.SLIPPED, opportunity=o.name, customer=o.customer.name,
                                 amount=money_text(o.amount), owner=o.owner.name,
                                 expected=o.expected_close_on.isoformat()),
        link=lambda o: reverse("customers:opportunity-detail", args=[o.pk]),
    )


# Kinds other apps send themselves (labels for the inbox filter and the email switches). An app
# may register its own in `<app>/alerts.py`; these are the ones that existed before alerts did.
register_kind("major_opportunity", _("Major opportunity"))
register_kind("bonus_sheet_ready", _("Bonus sheet ready"))
register_kind("bonus_sheet_submitted", _("Bonus sheet to approve"))
register_kind("bonus_sheet_approved", _("Bonus sheet approved"))
register_kind("bottom_performer", _("Team member below target"))
register_kind("improvement_plan", _("Improvement plan"))
register_kind("coaching_plan", _("Coaching plan"))
register_kind("export_ready", _("Export ready"))
register_kind("import_done", _("Import checked or applied"))

