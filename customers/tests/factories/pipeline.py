"""Factories for contracts, receivables, payments and opportunities. They write rows directly (no
service rules); `Receivable.paid_amount` is kept in step by `PaymentFactory` the way the payment
service keeps it, so selectors and pages see consistent data."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.db.models import F

from customers.models import Contract, Opportunity, Payment, Receivable, Stage
from customers.tests.factories.customers import CustomerFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    number = factory.Sequence(lambda n: f"HT-{n:06d}")
    customer = factory.SubFactory(CustomerFactory)
    owner = factory.SelfAttribute("customer.owner")
    amount = Decimal("50000.00")
    product_line = "ERP"
    signed_on = date(2026, 1, 15)
    start_on = factory.SelfAttribute("signed_on")
    end_on = factory.LazyAttribute(lambda c: c.start_on + timedelta(days=364))
    delivery_due_on = factory.LazyAttribute(lambda c: c.signed_on + timedelta(days=3))


class ReceivableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receivable

    contract = factory.SubFactory(ContractFactory)
    due_on = factory.LazyAttribute(lambda r: r.contract.signed_on + timedelta(days=30))
    amount = factory.LazyAttribute(lambda r: r.contract.amount)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    receivable = factory.SubFactory(ReceivableFactory)
    amount = factory.LazyAttribute(lambda p: p.receivable.amount - p.receivable.paid_amount)
    paid_on = factory.LazyAttribute(lambda p: p.receivable.due_on)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        payment = super()._create(model_class, *args, **kwargs)
        Receivable.objects.filter(pk=payment.receivable_id).update(paid_amount=F("paid_amount") + payment.amount)
        payment.receivable.refresh_from_db(fields=["paid_amount"])
        return payment


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    customer = factory.SubFactory(CustomerFactory)
    owner = factory.SelfAttribute("customer.owner")
    name = factory.Sequence(lambda n: f"Opportunity {n}")
    amount = Decimal("50000.00")
    product_line = "ERP"
    needs_confirmed_on = None
    stage = Stage.LEAD
    quote_due_on = factory.LazyAttribute(
        lambda o: o.needs_confirmed_on + timedelta(days=2) if o.needs_confirmed_on else None
    )
