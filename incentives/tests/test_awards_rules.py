"""The named quarterly awards as pure functions (SPEC §5.9), at their edges, without a database."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

from common import phrases
from incentives.rules.awards import (
    QuarterFigures,
    anniversary,
    awards_total,
    customer_development,
    customer_service,
    long_service,
    quarter_awards,
    sales_champion,
    sales_star,
)

Q = "2026-Q3"


def rep(pk, actual="0", target="300000", **kwargs):
    return QuarterFigures(employee_id=pk, actual=D(actual), target=D(target) if target else None, **kwargs)


def winners(wins):
    return sorted(w.employee_id for w in wins)


def test_sales_star_needs_100_percent_exactly():
    reps = [rep(1, "299970"), rep(2, "299999.99")]  # 99.99 % and just under 100 %
    assert sales_star(reps, quarter=Q, amount=D("2000"), min_attainment_pct=D("100")) == []
    won = sales_star([*reps, rep(3, "300000")], quarter=Q, amount=D("2000"), min_attainment_pct=D("100"))
    assert winners(won) == [3] and won[0].amount == D("2000.00")
    assert phrases.render(won[0].explanation) == (
        "Sales Star 2026-Q3: best quarter attainment 100.00 % (300,000.00 on 300,000.00) → 2,000.00")


def test_sales_star_tie_gives_everyone_the_award():
    reps = [rep(1, "330000"), rep(2, "110000", "100000"), rep(3, "320000")]  # 110 %, 110 %, 106.67 %
    assert winners(sales_star(reps, quarter=Q, amount=D("2000"), min_attainment_pct=D("100"))) == [1, 2]


def test_sales_star_without_target_is_not_eligible():
    assert sales_star([rep(1, "500000", None)], quarter=Q, amount=D("2000"), min_attainment_pct=D("100")) == []


def test_champion_is_highest_sales_among_those_at_target():
    reps = [rep(1, "900000", "1000000"), rep(2, "400000"), rep(3, "350000")]  # 1 is under target
    won = sales_champion(reps, quarter=Q, amount=D("3000"), min_attainment_pct=D("100"))
    assert winners(won) == [2] and won[0].amount == D("3000.00")


def test_customer_development_most_new_customers_ties_by_their_sales():
    reps = [rep(1, new_customers=3, new_customer_sales=D("90000")), rep(2, new_customers=3, new_customer_sales=D("95000")),
            rep(3, new_customers=2, new_customer_sales=D("500000"))]
    assert winners(customer_development(reps, quarter=Q, amount=D("1000"))) == [2]
    tied = [rep(1, new_customers=2, new_customer_sales=D("1")), rep(2, new_customers=2, new_customer_sales=D("1"))]
    assert winners(customer_development(tied, quarter=Q, amount=D("1000"))) == [1, 2]
    assert customer_development([rep(1)], quarter=Q, amount=D("1000")) == []


def test_customer_service_needs_three_surveys():
    two = rep(1, survey_count=2, survey_mean=D("99.00"))
    three = rep(2, survey_count=3, survey_mean=D("90.00"))
    assert winners(customer_service([two, three], quarter=Q, amount=D("1000"), min_surveys=3)) == [2]
    assert customer_service([two], quarter=Q, amount=D("1000"), min_surveys=3) == []


def test_customer_service_refused_with_a_complaint_unresolved_at_quarter_end():
    best = rep(1, survey_count=5, survey_mean=D("98.00"), unresolved_complaints=1)
    next_best = rep(2, survey_count=4, survey_mean=D("91.50"))
    won = customer_service([best, next_best], quarter=Q, amount=D("1000"), min_surveys=3)
    assert winners(won) == [2] and won[0].figures == {"quarter": Q, "mean": "91.50", "surveys": 4}


def test_long_service_on_the_anniversary_month():
    people = [(1, date(2023, 9, 30), None), (2, date(2021, 10, 1), None), (3, date(2016, 9, 1), None),
              (4, date(2022, 9, 15), None), (5, date(2023, 9, 10), date(2026, 9, 9))]
    won = long_service(people, month_start=date(2026, 9, 1), month_end=date(2026, 9, 30),
                       amounts={3: D("500"), 5: D("1000"), 10: D("2000")})
    assert {(w.employee_id, w.amount) for w in won} == {(1, D("500.00")), (3, D("2000.00"))}


def test_anniversary_of_29_february():
    assert anniversary(date(2024, 2, 29), 3) == date(2027, 2, 28)


def plan(**overrides):
    values = {"sales_star_enabled": True, "sales_star_amount": D("2000"), "sales_star_min_attainment_pct": D("100"),
              "champion_enabled": True, "champion_amount": D("3000"), "champion_min_attainment_pct": D("100"),
              "development_enabled": True, "development_amount": D("1000"), "service_enabled": True,
              "service_amount": D("1000"), "service_min_surveys": 3}
    return SimpleNamespace(**{**values, **overrides})


def test_switched_off_award_is_not_given_and_one_person_wins_several():
    reps = [rep(1, "400000", new_customers=1, new_customer_sales=D("5")), rep(2, "300000")]
    assert {w.code for w in quarter_awards(reps, quarter=Q, plan=plan()) if w.employee_id == 1} == {
        "sales_star", "sales_champion", "customer_development"}
    assert not [w for w in quarter_awards(reps, quarter=Q, plan=plan(sales_star_enabled=False)) if w.code == "sales_star"]


def test_awards_total_sums_and_explains_each():
    wins = sales_star([rep(1, "400000")], quarter=Q, amount=D("2000"), min_attainment_pct=D("100")) + \
        sales_champion([rep(1, "400000")], quarter=Q, amount=D("3000"), min_attainment_pct=D("100"))
    total, text = awards_total(wins)
    assert total == D("5000.00") and phrases.render(text).endswith("= 5,000.00")
    assert awards_total([]) == (D("0.00"), None)
