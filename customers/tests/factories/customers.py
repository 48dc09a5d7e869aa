"""Factories for customers, follow-ups and surveys (shared by every customers test; the pipeline
factories live in `pipeline.py`). Owners default to a fresh rep in a fresh team; pass
`owner=org.rep` in access tests."""

import itertools
from datetime import date, timedelta

import factory
from django.utils import timezone

from customers.models import Channel, Customer, CustomerSource, FollowUp, SatisfactionSurvey
from teams.models import Role, UnitKind
from teams.tests.factories import EmployeeFactory, make_unit

_team_numbers = itertools.count(1)


def _rep_in_new_team():
    number = next(_team_numbers)
    company = make_unit(f"Factory company {number}", UnitKind.COMPANY)
    region = make_unit(f"Factory region {number}", UnitKind.REGION, company)
    team = make_unit(f"Factory team {number}", UnitKind.TEAM, region)
    return EmployeeFactory(role=Role.REP, org_unit=team)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Customer {n:04d} Co., Ltd.")
    industry = "Manufacturing"
    region = "Shanghai"
    address = factory.Sequence(lambda n: f"{n} Nanjing Road")
    contact_name = "Li Lei"
    contact_phone = "13800000000"
    contact_im = "lilei@example.com"
    source = CustomerSource.REFERRAL
    company_size = "100-499"
    needs_summary = "ERP upgrade"
    owner = factory.LazyFunction(_rep_in_new_team)
    created_by = factory.SelfAttribute("owner")


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A follow-up written directly (no service rules); `logged_at` is auto_now_add, so tests that
    need a particular logged time freeze the clock with time_machine."""

    class Meta:
        model = FollowUp

    customer = factory.SubFactory(CustomerFactory)
    author = factory.SelfAttribute("customer.owner")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    channel = Channel.PHONE
    content = "Called about the renewal."
    feedback = "Interested, wants a quote."
    next_step = "Send the quote."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SatisfactionSurvey

    customer = factory.SubFactory(CustomerFactory)
    owner = factory.SelfAttribute("customer.owner")
    surveyed_on = factory.LazyFunction(date.today)
    score = 90
    comment = ""
