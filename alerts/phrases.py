"""The text the alerts generate, as phrases (`common.phrases`): stored with the digest and each of
its items as an id and parameters, rendered in the reader's language (page, API, email). Digest
headers are registered with their kind (`alerts.registry.daily_alert`)."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

FOLLOWUP_OVERDUE = register(
    "alerts.item.followup_overdue",
    _("%(customer)s (tier %(tier)s, owner %(owner)s): follow-up overdue since %(since)s."),
)
NO_FOLLOWUP = register("alerts.item.no_followup", _("%(employee)s logged no follow-up on %(day)s."))
QUOTE_SLA = register(
    "alerts.item.quote_sla",
    _("%(opportunity)s (%(customer)s, owner %(owner)s): the quote was due on %(due)s."),
)
DELIVERY_SLA = register(
    "alerts.item.delivery_sla",
    _("Contract %(number)s (%(customer)s, owner %(owner)s): delivery was due on %(due)s."),
)
RENEWAL = register(
    "alerts.item.renewal",
    _("Contract %(number)s (%(customer)s) ends on %(end)s, in %(days)s days or less, and has no renewal yet."),
)
RECEIVABLE_OVERDUE = register(
    "alerts.item.receivable_overdue",
    _("%(amount)s due on %(due)s on contract %(number)s (%(customer)s) is %(days)s or more days overdue."),
)
CHURN_RISK = register("alerts.item.churn_risk", _("%(customer)s (owner %(owner)s) is at churn risk."))
SLIPPED = register(
    "alerts.item.slipped",
    _("%(opportunity)s (%(customer)s, %(amount)s, owner %(owner)s) was expected to close on %(expected)s and is still open."),
)
MORE_ITEMS = register("alerts.more_items", _("… and %(count)s more."))
