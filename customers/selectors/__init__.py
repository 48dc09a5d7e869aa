"""Customer reads. `customers.selectors.sales` is what targets, scorecards and bonuses reuse
(actual sales, collection, conversion, renewal); `customers.selectors.customers` the customer-side
metrics (new prospects, follow-up compliance, satisfaction, overdue). `customers.selectors.complaints`
the complaints (lists, the handler's queue, the complaint rate's counts). The functions other apps
consume are re-exported here."""

from customers.selectors.complaints import (
    active_customer_counts,
    breach_counts_by_handler,
    complaint_counts_by_owner,
    open_complaints_for,
    unresolved_complaint_counts,
)

__all__ = [
    "active_customer_counts", "breach_counts_by_handler", "complaint_counts_by_owner", "open_complaints_for",
    "unresolved_complaint_counts",
]
