"""The text customers generates, as phrases (`common.phrases`): stored with a notification as an id
and parameters and rendered when read, in the reader's language (SPEC §9). Amounts arrive
formatted (`common.phrases.money_text`); names are plain parameters."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

#: To the owner's line manager when an opportunity becomes major (SPEC §2.5).
MAJOR_OPPORTUNITY = register(
    "customers.major_opportunity",
    _("Major opportunity: %(name)s (%(customer)s), %(amount)s, owner %(owner)s."),
)


# --- complaints (SPEC §16.1) --------------------------------------------------------------------

#: To the new handler when a supervisor or above routes a complaint to them.
COMPLAINT_ASSIGNED = register(
    "customers.complaint_assigned",
    _("Complaint #%(number)s from %(customer)s is yours to handle; resolution due %(due)s."),
)
#: The daily alert to the handler and their line manager (one per complaint and SLA).
COMPLAINT_RESPONSE_BREACHED = register(
    "customers.complaint_response_breached",
    _("Complaint #%(number)s (%(customer)s, %(severity)s): no first response by %(due)s; handler %(handler)s."),
)
COMPLAINT_RESOLUTION_BREACHED = register(
    "customers.complaint_resolution_breached",
    _("Complaint #%(number)s (%(customer)s, %(severity)s): not resolved by %(due)s; handler %(handler)s."),
)
#: Severity labels as phrases, so an alert names the severity in the reader's language.
SEVERITY = {
    "low": register("customers.severity.low", _("low severity")),
    "normal": register("customers.severity.normal", _("normal severity")),
    "high": register("customers.severity.high", _("high severity")),
    "critical": register("customers.severity.critical", _("critical severity")),
}

# --- customer health (SPEC §16.2) ---------------------------------------------------------------

#: To the owner and their supervisor when an A/B customer moves into the at-risk band.
CUSTOMER_AT_RISK = register(
    "customers.customer_at_risk",
    _("%(customer)s (tier %(tier)s) moved into the at-risk band: health score %(score)s; owner %(owner)s."),
)
HEALTH_CONTACT = register(
    "customers.health.contact",
    _("Last contact %(days)s days ago; the cadence is %(cadence)s days (0 points at %(limit)s days)."),
)
HEALTH_REVENUE = register(
    "customers.health.revenue",
    _("Trailing 12 months %(current)s against %(previous)s the 12 months before (%(pct)s)."),
)
HEALTH_REVENUE_NO_PRIOR = register(
    "customers.health.revenue_no_prior",
    _("No revenue in the 12 months before; %(current)s in the trailing 12 months."),
)
HEALTH_PAYMENT_OK = register("customers.health.payment_ok", _("No overdue receivable."))
HEALTH_PAYMENT_OVERDUE = register(
    "customers.health.payment_overdue", _("The oldest overdue receivable is %(days)s days past due."),
)
HEALTH_SATISFACTION = register(
    "customers.health.satisfaction", _("Latest satisfaction survey (%(day)s): %(score)s."),
)
HEALTH_COMPLAINTS = register(
    "customers.health.complaints",
    _("%(recent)s complaints in the last %(window)s days, %(unresolved)s unresolved."),
)
