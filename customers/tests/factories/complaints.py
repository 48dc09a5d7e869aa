"""Complaint factory: rows written directly (no service rules); due times default to one and five
days after receipt. Use `customers.services.complaint_create` when the SLA itself is tested."""

from datetime import timedelta

import factory
from django.utils import timezone

from customers.models import Complaint, ComplaintCategory, ComplaintChannel, ComplaintStatus, Severity
from customers.tests.factories.customers import CustomerFactory


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    customer = factory.SubFactory(CustomerFactory)
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    channel = ComplaintChannel.PHONE
    category = ComplaintCategory.DELIVERY
    severity = Severity.NORMAL
    description = "The delivery arrived two weeks late."
    owner = factory.SelfAttribute("customer.owner")
    handler = factory.SelfAttribute("owner")
    status = ComplaintStatus.OPEN
    response_due_at = factory.LazyAttribute(lambda c: c.received_at + timedelta(days=1))
    resolution_due_at = factory.LazyAttribute(lambda c: c.received_at + timedelta(days=5))
