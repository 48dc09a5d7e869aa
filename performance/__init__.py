"""Performance: KPI schemes, monthly scorecards, improvement and coaching plans (SPEC §4)."""
