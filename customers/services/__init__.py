"""Writes and business rules of the customers app (SPEC §2). Re-exported here: callers import
`customers.services.<function>`. One module per area: `customers` (profile, owner), `followups`,
`surveys`, `pipeline` (opportunities), `contracts` (contracts, receivables, payments), `tiering`
(tiers, lifecycle status, the monthly recompute), `complaints` (SPEC §16.1) and `health` (§16.2,
recomputed inside the tier recompute)."""

from customers.services.complaints import (
    complaint_assign,
    complaint_close,
    complaint_create,
    complaint_reopen,
    complaint_resolve,
    complaint_start,
)
from customers.services.contracts import (
    contract_confirm_delivery,
    contract_create,
    ensure_may_record_payment,
    may_record_payment,
    payment_create,
    receivable_create,
)
from customers.services.customers import (
    customer_create,
    customer_profile_errors,
    customer_reassign,
    customer_update,
    ensure_customer_visible,
    ensure_may_reassign,
    may_reassign,
)
from customers.services.followups import (
    customer_follow_up_due_by,
    ensure_may_edit_followup,
    followup_create,
    followup_update,
    may_edit_followup,
)
from customers.services.health import customer_health_refresh
from customers.services.pipeline import (
    escalation_report_save,
    opportunity_create,
    opportunity_move,
    opportunity_update,
)
from customers.services.surveys import survey_create
from customers.services.tiering import (
    customer_mark_lost,
    customer_pin_tier,
    customer_reactivate,
    customer_unpin_tier,
    customers_recompute_tiers,
)

__all__ = [
    "complaint_assign", "complaint_close", "complaint_create", "complaint_reopen", "complaint_resolve",
    "complaint_start", "customer_follow_up_due_by", "customer_health_refresh",
    "contract_confirm_delivery", "contract_create", "customer_create", "customer_mark_lost", "customer_pin_tier",
    "customer_profile_errors", "customer_reactivate", "customer_reassign", "customer_unpin_tier", "customer_update",
    "customers_recompute_tiers", "ensure_customer_visible", "ensure_may_edit_followup", "ensure_may_reassign",
    "ensure_may_record_payment", "escalation_report_save", "followup_create", "followup_update",
    "may_edit_followup", "may_reassign", "may_record_payment", "opportunity_create", "opportunity_move",
    "opportunity_update", "payment_create", "receivable_create", "survey_create",
]
