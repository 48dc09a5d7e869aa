import pytest

from customers.tests.factories import CustomerFactory, FollowUpFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_factories_build_consistent_rows(org):
    customer = CustomerFactory(owner=org.rep)
    assert customer.completeness == 100
    assert FollowUpFactory(customer=customer).author == org.rep
    assert SurveyFactory(customer=customer).owner == org.rep
    assert FollowUpFactory().author.role == "rep"
