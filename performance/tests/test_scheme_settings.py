"""Schemes choose their KPIs from the catalogue (SPEC §4.1): the settings page (director and HR),
the service's checks (weights sum to 100, codes from the catalogue, parameters above 0)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.exceptions import NotAllowed
from performance.models import KPIScheme
from performance.services import kpi_scheme_save

pytestmark = pytest.mark.django_db

CUSTOM = {"sales_attainment": 40, "complaint_rate": 20, "event_attendance": 10, "avg_deal_size": 10,
          "renewal_rate": 10, "training": 10}


def _post(weights: dict, **parameters) -> dict:
    return {**{f"w_{code}": weight for code, weight in weights.items()}, **parameters}


@pytest.mark.parametrize(("who", "status"), [("director", 200), ("hr", 200), ("manager", 403), ("sup1", 403),
                                              ("rep", 403), ("finance", 403), ("admin", 200)])
def test_who_sees_the_scheme_settings(page, org, who, status):
    client = page(getattr(org, who))
    assert client.get(reverse("performance:kpi-schemes")).status_code == status
    assert client.get(reverse("performance:kpi-scheme-edit", args=["rep"])).status_code == status


def test_the_settings_list_each_roles_kpis_and_weights(page, org):
    html = page(org.hr).get(reverse("performance:kpi-schemes")).content.decode()
    assert "Sales attainment" in html and "Training compliance" in html and html.count(">v1<") == 3


def test_an_unknown_role_is_404(page, org):
    assert page(org.director).get(reverse("performance:kpi-scheme-edit", args=["director"])).status_code == 404


def test_the_form_starts_from_the_active_scheme(page, org):
    form = page(org.director).get(reverse("performance:kpi-scheme-edit", args=["rep"])).context["form"]
    assert form.initial["w_sales_attainment"] == 40 and form.initial["w_complaint_rate"] is None
    assert form.initial["complaint_limit"] == Decimal("10.00")


def test_saving_catalogue_kpis_on_the_page_makes_the_next_version(page, org):
    response = page(org.director).post(reverse("performance:kpi-scheme-edit", args=["rep"]),
                                       _post(CUSTOM, complaint_limit="8", reference_deal_amount="60000"))
    assert response.status_code == 302
    active = KPIScheme.objects.get(role="rep", active=True)
    assert active.version == 2 and active.weights == CUSTOM
    assert (active.complaint_limit, active.reference_deal_amount) == (Decimal("8.00"), Decimal("60000.00"))
    assert active.attainment_cap == Decimal("120.00")  # a parameter left as it was


def test_weights_not_summing_to_100_are_refused_on_the_page_input_kept(page, org):
    response = page(org.hr).post(reverse("performance:kpi-scheme-edit", args=["supervisor"]),
                                 _post({**CUSTOM, "training": 11}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The weights sum to 101, not 100." in html and 'value="11"' in html
    assert KPIScheme.objects.filter(role="supervisor").count() == 1


def test_a_parameter_of_zero_is_refused_naming_it(page, org):
    response = page(org.hr).post(reverse("performance:kpi-scheme-edit", args=["rep"]),
                                 _post(CUSTOM, complaint_limit="0"))
    assert response.status_code == 400
    assert response.context["form"].errors["complaint_limit"]
    assert KPIScheme.objects.filter(role="rep").count() == 1


def test_an_unknown_catalogue_code_is_refused_naming_it():
    with pytest.raises(ValidationError) as error:
        kpi_scheme_save(role="rep", weights={**CUSTOM, "sales_attainment": 30, "charisma": 10})
    assert "Unknown KPI: charisma." in error.value.message_dict["weights"]
    assert KPIScheme.objects.filter(role="rep").count() == 1


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "NaN", "1E+30"])
def test_a_bad_reference_amount_is_refused_naming_it(bad):
    with pytest.raises(ValidationError) as error:
        kpi_scheme_save(role="rep", weights=CUSTOM, reference_deal_amount=bad)
    assert "reference_deal_amount" in error.value.message_dict


def test_an_unknown_parameter_is_refused_naming_it():
    with pytest.raises(ValidationError) as error:
        kpi_scheme_save(role="rep", weights=CUSTOM, luck="7")
    assert "luck" in error.value.message_dict


def test_only_the_director_and_hr_save_a_scheme(org):
    with pytest.raises(NotAllowed):
        kpi_scheme_save(role="rep", weights=CUSTOM, actor=org.sup1.user)
    assert kpi_scheme_save(role="rep", weights=CUSTOM, actor=org.hr.user).version == 2


def test_the_settings_page_is_in_the_directors_navigation(page, org):
    url = reverse("performance:kpi-schemes")
    assert url in page(org.director).get(reverse("performance:plans")).content.decode()
    assert url not in page(org.sup1).get(reverse("performance:plans")).content.decode()


# --- the API: kpi-schemes/ ------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("director", 200), ("hr", 200), ("manager", 403), ("sup1", 403),
                                              ("rep", 403), ("finance", 403)])
def test_who_reads_the_schemes_api(api, org, who, status):
    assert api(getattr(org, who)).get("/api/v1/kpi-schemes/").status_code == status


def test_the_api_lists_versions_with_their_catalogue_weights(api, org):
    rows = api(org.hr).get("/api/v1/kpi-schemes/").json()["results"]
    rep = next(row for row in rows if row["role"] == "rep")
    assert rep["weights"]["sales_attainment"] == 40 and rep["complaint_limit"] == "10.00" and rep["active"]


def test_posting_a_catalogue_scheme_makes_the_next_version(api, org):
    answer = api(org.director).post("/api/v1/kpi-schemes/", {"role": "rep", "weights": CUSTOM,
                                                              "reference_deal_amount": "50000"}, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["version"] == 2 and answer.json()["weights"] == CUSTOM
    assert answer.json()["reference_deal_amount"] == "50000.00"


@pytest.mark.parametrize(("weights", "says"), [
    ({**CUSTOM, "training": 11}, "sum to 101, not 100"),
    ({**CUSTOM, "sales_attainment": 30, "charisma": 10}, "Unknown KPI: charisma"),
    ({**CUSTOM, "training": "ten"}, "not a whole number"),
    ({**CUSTOM, "training": {"a": 1}}, "not a whole number"),
])
def test_bad_weights_are_a_400_naming_weights(api, org, weights, says):
    answer = api(org.hr).post("/api/v1/kpi-schemes/", {"role": "rep", "weights": weights}, format="json")
    assert answer.status_code == 400 and "weights" in answer.json()["errors"] and says in answer.json()["detail"]
    assert KPIScheme.objects.filter(role="rep").count() == 1


@pytest.mark.parametrize("body", [{"role": "director", "weights": CUSTOM}, {"role": "rep", "weights": [1, 2]},
                                  {"role": "rep", "weights": CUSTOM, "complaint_limit": "0"},
                                  {"role": "rep", "weights": CUSTOM, "reference_deal_amount": "1e400"},
                                  {"role": "rep\x00", "weights": CUSTOM}])
def test_other_bad_input_is_a_400(api, org, body):
    assert api(org.hr).post("/api/v1/kpi-schemes/", body, format="json").status_code == 400
