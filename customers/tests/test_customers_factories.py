import pytest

from customers.tests.factories import CustomerFactory, FollowUpFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_factories_build_consistent_rows(org):
    customer = CustomerFactory(owner=org.rep)
    assert customer.completeness == 100
    assert FollowUpFactory(customer=customer).author == org.rep
    assert SurveyFactory(customer=customer).owner == org.rep
    assert FollowUpFactory().author.role == "rep"


def test_completeness_annotation_matches_property(org):
    CustomerFactory(owner=org.rep, industry="  ", address="", needs_summary="")
    row = CustomerFactory._meta.model.objects.with_completeness().get()
    assert row.completeness_pct == 70
    assert str(row.completeness) == "70.00"
    row.__dict__.pop("completeness_pct")
    assert str(row.completeness) == "70.00"
