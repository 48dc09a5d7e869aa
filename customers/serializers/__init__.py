"""API shapes of the customers app (SPEC §10): `customers` (customers, follow-ups, surveys) and
`pipeline` (opportunities, contracts, receivables, payments)."""
