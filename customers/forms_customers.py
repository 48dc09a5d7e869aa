"""Deprecated location (expand/contract, issue 10): import from `customers.forms.customers`. Kept
until the import/export view switches."""

from customers.forms.customers import ImportForm

__all__ = ["ImportForm"]
