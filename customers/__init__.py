"""Customers and the sales process (SPEC §2): customers with A/B/C tiers and lifecycle, the daily
follow-up log, the opportunity pipeline, contracts, receivables and payments, satisfaction
surveys. Every number later apps compute (actual sales, collection rate, compliance) is read
from the selectors here."""
