"""Incentives: the yearly incentive plan, bonus rules, the monthly bonus sheet and month close (SPEC §5)."""
