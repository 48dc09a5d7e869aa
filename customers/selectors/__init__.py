"""Customer reads. `customers.selectors.sales` is what targets, scorecards and bonuses reuse
(actual sales, collection, conversion, renewal); `customers.selectors.customers` the customer-side
metrics (new prospects, follow-up compliance, satisfaction, overdue)."""
