"""SPEC §13.1 for targets (issue 8, the security audit): no valid input breaks a computation — a
target is 0.00 (none) or at least the smallest target (1.00), weights and percentages like
`1E+999999999` are a 400 naming the field, any attainment the bounds allow is served (a year
period too), an implausible period is a 400 — and finance never reads targets (403)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from common.limits import forget_limits
from common.models import InputLimits
from common.periods import Period
from customers.tests.factories_pipeline import ContractFactory
from targets import selectors, services
from targets.models import DistributionProfile, SalesTarget
from targets.tests.factories import make_target

URL = "/api/v1/targets/"
HUGE = "1E+999999999"
MARCH = Period(2026, month=3)


# --- the smallest target -------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "status"), [("0.99", 400), ("0.01", 400), ("1.00", 201), ("0.00", 201),
                                                ("999999999999.99", 201), ("1000000000000.00", 400),
                                                (HUGE, 400), ("NaN", 400), ("Infinity", 400)])
def test_api_create_edges(org, api, amount, status):
    response = api(org.sup1).post(URL, {"period": "2026-04", "employee": org.rep.pk, "amount": amount},
                                  format="json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert "amount" in response.json()["errors"] and not SalesTarget.objects.exists()


@pytest.mark.parametrize("amount", ["0.50", HUGE, "NaN", "1000000000000.00"])
def test_api_change_below_the_minimum_or_of_any_shape_is_400(org, api, amount):
    target = make_target("2026-04", "100.00", employee=org.rep)
    response = api(org.sup1).patch(f"{URL}{target.pk}/", {"amount": amount, "reason": "Odd"}, format="json")
    assert response.status_code == 400 and "amount" in response.json()["errors"]
    if amount == "0.50":
        assert "1.00" in response.json()["detail"]
    target.refresh_from_db()
    assert target.amount == D("100.00")


def test_minimum_is_configurable(org):
    limits = InputLimits.objects.order_by("pk").first() or InputLimits()
    limits.min_target = D("100.00")
    limits.save()
    forget_limits()
    with pytest.raises(ValidationError) as error:
        services.sales_target_set(actor=org.sup1.user, period=MARCH, amount="99.99", employee=org.rep)
    assert "amount" in error.value.message_dict
    assert services.sales_target_set(actor=org.sup1.user, period=MARCH, amount="100.00", employee=org.rep)


def test_pages_refuse_a_target_below_the_minimum(org, page):
    client = page(org.sup1)
    response = client.post("/targets/new/", {"period": "2026-04", "employee": org.rep.pk, "amount": "0.50"})
    assert response.status_code == 400 and "amount" in response.context["form"].errors
    assert not SalesTarget.objects.exists()
    target = make_target("2026-04", "100.00", employee=org.rep)
    response = client.post(f"/targets/{target.pk}/change/", {"amount": "0.01", "reason": "Tiny"})
    assert response.status_code == 400 and "amount" in response.context["form"].errors
    target.refresh_from_db()
    assert target.amount == D("100.00")


def test_a_split_that_gives_someone_less_than_the_minimum_is_400(org, api):
    make_target("2026-03", "1.00", org_unit=org.east1)  # 0.50 each for two reps
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "equal"}
    for path in ("decompose/", "decompose/preview/"):
        response = api(org.sup1).post(f"{URL}{path}", body, format="json")
        assert response.status_code == 400 and "method" in response.json()["errors"], response.json()
    manual = {**body, "method": "manual", "amounts": {str(org.rep.pk): "0.50", str(org.teammate.pk): "0.50"}}
    response = api(org.sup1).post(f"{URL}decompose/", manual, format="json")
    assert response.status_code == 400 and "amounts" in response.json()["errors"]
    # all to one, none to the other: 0.00 is "no target", allowed
    manual["amounts"] = {str(org.rep.pk): "1.00", str(org.teammate.pk): "0.00"}
    assert api(org.sup1).post(f"{URL}decompose/", manual, format="json").status_code == 201
    assert not SalesTarget.objects.filter(amount__gt=0, amount__lt=1).exists()


# --- weights, amounts and percentages of any shape -------------------------------------------------


@pytest.mark.parametrize("bad", [HUGE, f"-{HUGE}", "1E-999999999", "NaN", "sNaN", "Infinity", "1000000000000",
                                 "0.0000001"])
@pytest.mark.parametrize("path", ["decompose/", "decompose/preview/"])
def test_api_weights_of_any_shape_are_400(org, api, bad, path):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "weighted",
            "weights": {str(org.rep.pk): bad, str(org.teammate.pk): "1"}}
    response = api(org.sup1).post(f"{URL}{path}", body, format="json")
    assert response.status_code == 400, response.json()
    assert "weights" in response.json()["errors"]
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


def test_largest_weight_is_accepted(org, api):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "weighted",
            "weights": {str(org.rep.pk): "999999999999.99", str(org.teammate.pk): "0.000001"}}
    response = api(org.sup1).post(f"{URL}decompose/", body, format="json")
    assert response.status_code == 201, response.json()
    assert [r["amount"] for r in response.json()] == ["1000.00", "0.00"]


@pytest.mark.parametrize("bad", [HUGE, "NaN", "1E-999999999", "-0.01"])
def test_api_amounts_of_any_shape_are_400(org, api, bad):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    body = {"period": "2026-03", "org_unit": org.east1.pk, "method": "manual",
            "amounts": {str(org.rep.pk): bad, str(org.teammate.pk): "1000.00"}}
    response = api(org.sup1).post(f"{URL}decompose/", body, format="json")
    assert response.status_code == 400 and "amounts" in response.json()["errors"]


@pytest.mark.parametrize(("field", "value"), [("weight", HUGE), ("weight", "NaN"), ("amount", HUGE)])
def test_page_weights_of_any_shape_are_400(org, page, field, value):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    data = {"period": "2026-03", "org_unit": org.east1.pk, "into": "children",
            "method": "weighted" if field == "weight" else "manual",
            f"{field}_{org.rep.pk}": value, f"{field}_{org.teammate.pk}": "1", "action": "preview"}
    response = page(org.sup1).post("/targets/decompose/", data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


@pytest.mark.parametrize("bad", [HUGE, "1E-999999999", "100.01", "NaN"])
def test_profile_percentages_of_any_shape_are_400(org, api, bad):
    percentages = [bad] + ["9.09"] * 11
    with pytest.raises(ValidationError) as error:
        services.distribution_profile_save(actor=org.director.user, name="Odd", percentages=percentages)
    assert "percentages" in error.value.message_dict
    response = api(org.director).post("/api/v1/distribution-profiles/", {"name": "Odd", "percentages": percentages},
                                      format="json")
    assert response.status_code == 400 and "percentages" in response.json()["errors"]
    assert not DistributionProfile.objects.filter(name="Odd").exists()


# --- any attainment the bounds allow -----------------------------------------------------------------


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026"])
def test_attainment_of_the_largest_contract_on_the_smallest_target(org, api, page, period):
    """The audit: `targets/attainment/` failed at 100,000 %, and for a year period."""
    make_target(period, "1.00", employee=org.rep)
    ContractFactory(customer__owner=org.rep, owner=org.rep, amount=D("100000000.00"), signed_on=date(2026, 3, 9))
    response = api(org.director).get(f"{URL}attainment/", {"period": period})
    assert response.status_code == 200, response.content
    row = next(r for r in response.json() if r["kind"] == "employee" and r["id"] == org.rep.pk)
    assert (row["target"], row["actual"], row["attainment"]) == ("1.00", "100000000.00", "10000000000.00")
    assert row["gap"] == "-99999999.00"
    html = page(org.director).get("/targets/", {"period": period, "unit": org.company.pk})
    assert html.status_code == 200 and "10000000000.00 %" in html.content.decode()


def test_year_period_attainment_of_a_unit_beyond_the_old_digit_limits(org, api):
    """Sums over a year (many contracts, many people) have no digit limit in the answer."""
    make_target("2025", "1.00", org_unit=org.company)
    for person in (org.rep, org.teammate, org.rep2, org.rep3):
        for month in range(1, 13):
            ContractFactory(customer__owner=person, owner=person, amount=D("100000000.00"),
                            signed_on=date(2025, month, 9))
    response = api(org.director).get(f"{URL}attainment/", {"period": "2025"})
    assert response.status_code == 200, response.content
    company = response.json()[0]
    assert company["id"] == org.company.pk and company["actual"] == "4800000000.00"
    assert company["attainment"] == "480000000000.00"


def test_person_page_at_the_largest_ratio(org, page):
    make_target("2026-03", "1.00", employee=org.rep)
    ContractFactory(customer__owner=org.rep, owner=org.rep, amount=D("100000000.00"), signed_on=date(2026, 3, 9))
    response = page(org.sup1).get(f"/targets/people/{org.rep.pk}/", {"year": "2026"})
    assert response.status_code == 200 and "10000000000.00 %" in response.content.decode()


# --- implausible periods and years ---------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0000", "0001", "1999", "2101"])
def test_api_implausible_periods_are_400_naming_the_field(org, api, year):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    client = api(org.director)
    for path, params, field in (
        (f"{URL}attainment/", {"period": year}, "period"),
        (f"{URL}attainment/", {"period": f"{year}-01"}, "period"),
        (URL, {"period": f"{year}-Q1"}, "period"),
        (URL, {"year": year}, "year"),
    ):
        response = client.get(path, params)
        assert response.status_code == 400, (path, params, response.content)
        assert field in response.json()["errors"]
    for path, body, field in (
        (URL, {"period": f"{year}-03", "org_unit": org.east1.pk, "amount": "1.00"}, "period"),
        (f"{URL}decompose/", {"period": year, "org_unit": org.east1.pk, "method": "equal"}, "period"),
        (f"{URL}decompose/preview/", {"period": f"{year}-03", "org_unit": org.east1.pk, "method": "equal"}, "period"),
    ):
        response = client.post(path, body, format="json")
        assert response.status_code == 400, (path, body, response.content)
        assert field in response.json()["errors"]


@pytest.mark.parametrize("year", ["0000", "0001", "2101"])
def test_pages_implausible_periods_are_400(org, page, year):
    client = page(org.director)
    assert client.get("/targets/", {"period": year}).status_code == 400
    assert client.get("/targets/", {"period": f"{year}-10"}).status_code == 400
    assert client.get(f"/targets/people/{org.rep.pk}/", {"year": year}).status_code == 400
    created = client.post("/targets/new/", {"period": f"{year}-03", "employee": org.rep.pk, "amount": "1.00"})
    assert created.status_code == 400 and "period" in created.context["form"].errors
    split = client.post("/targets/decompose/", {"period": year, "org_unit": org.east1.pk, "into": "children",
                                                "method": "equal", "action": "preview"})
    assert split.status_code == 400 and "period" in split.context["form"].errors
    assert client.get("/targets/decompose/", {"period": year, "org_unit": org.east1.pk}).status_code == 200
    assert not SalesTarget.objects.exists()


def test_valid_period_filters_still_filter(org, api):
    march = make_target("2026-03", "1000.00", employee=org.rep)
    make_target("2026-04", "1000.00", employee=org.rep)
    ids = [row["id"] for row in api(org.director).get(URL, {"period": "2026-03", "year": "2026"}).json()["results"]]
    assert ids == [march.pk]


# --- who reads targets at all ----------------------------------------------------------------------------


def test_may_read_targets_by_role(org):
    assert [selectors.may_read_targets(getattr(org, who).user) for who in
            ("rep", "sup1", "manager", "director", "hr", "finance")] == [True, True, True, True, True, False]
    assert selectors.may_read_targets(org.admin)


def test_finance_gets_403_on_every_targets_list(org, api, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    for path in (URL, f"{URL}attainment/?period=2026-03", f"{URL}?period=2026-03"):
        assert api(org.finance).get(path).status_code == 403, path
        assert api(org.hr).get(path).status_code == 200, path
    assert page(org.finance).get("/targets/", {"period": "2026-03"}).status_code == 403
    assert page(org.hr).get("/targets/", {"period": "2026-03"}).status_code == 200
