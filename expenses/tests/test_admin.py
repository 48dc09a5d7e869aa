import pytest

from expenses.tests.factories import make_budget, make_claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/expenses/expenseclaim/", "/admin/expenses/expensebudget/",
                                 "/admin/expenses/expensepolicy/", "/admin/expenses/expenseclaim/export/"])
def test_admin_lists_render(org, page, url):
    make_claim(org.rep)
    make_budget(org.east1, 100)
    assert page(org.admin).get(url).status_code == 200


def test_a_claim_is_read_only_in_the_admin(org, page):
    claim = make_claim(org.rep)
    client = page(org.admin)
    assert client.get(f"/admin/expenses/expenseclaim/{claim.pk}/change/").status_code == 200
    assert client.get("/admin/expenses/expenseclaim/add/").status_code == 403


def test_claims_export_is_formula_safe(org):
    from expenses.resources import ExpenseClaimResource

    make_claim(org.rep, purpose="=HYPERLINK(\"http://x\")")
    dataset = ExpenseClaimResource().export()
    assert dataset.dict[0]["purpose"].startswith("'=")
