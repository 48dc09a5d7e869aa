"""Factories of every customers model, re-exported: `from customers.tests.factories import
CustomerFactory, ContractFactory`. Customers, follow-ups and surveys in `customers.py`; the pipeline
(opportunities, contracts, receivables, payments) in `pipeline.py`."""

from customers.tests.factories.complaints import ComplaintFactory
from customers.tests.factories.customers import CustomerFactory, FollowUpFactory, SurveyFactory
from customers.tests.factories.pipeline import (
    ContractFactory,
    OpportunityFactory,
    PaymentFactory,
    ReceivableFactory,
)

__all__ = [
    "ComplaintFactory", "ContractFactory", "CustomerFactory", "FollowUpFactory", "OpportunityFactory", "PaymentFactory",
    "ReceivableFactory", "SurveyFactory",
]
