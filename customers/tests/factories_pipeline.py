"""Deprecated location (expand/contract, issue 10): import from `customers.tests.factories`. Kept
until no test outside customers imports it."""

from customers.tests.factories.pipeline import (
    ContractFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)

__all__ = ["ContractFactory", "OpportunityFactory", "PaymentFactory", "ReceivableFactory"]
