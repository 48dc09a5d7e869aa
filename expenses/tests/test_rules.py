from datetime import date
from decimal import Decimal

import pytest

from expenses import rules
from expenses.rules import BudgetLine


@pytest.mark.parametrize("head, expected", [
    (b"%PDF-1.4 ...", "application/pdf"),
    (b"\x89PNG\r\n\x1a\nIHDR", "image/png"),
    (b"\xff\xd8\xff\xe1Exif", "image/jpeg"),
    (b"MZ\x90\x00", None),             # a Windows executable renamed .pdf
    (b"\x7fELF\x02", None),
    (b"GIF89a", None),
    (b"", None),
])
def test_receipt_type_is_read_from_the_content(head, expected):
    assert rules.receipt_content_type(head) == expected


@pytest.mark.parametrize("amount, ok", [
    ("0.00", False), ("0.01", True), ("50000.00", True), ("50000.01", False), ("-5.00", False), ("1.005", False),
])
def test_amount_limits_at_their_edges(amount, ok):
    assert rules.amount_in_range(Decimal(amount), largest=Decimal("50000.00")) is ok


@pytest.mark.parametrize("day, problem", [
    (date(2026, 11, 16), None),           # today
    (date(2026, 11, 17), "future"),       # tomorrow
    (date(2026, 8, 18), None),            # 90 days before
    (date(2026, 8, 17), "too_old"),       # 91 days before
])
def test_incurred_on_edges(day, problem):
    assert rules.incurred_on_problem(day, today=date(2026, 11, 16), max_age_days=90) == problem


def test_invoice_numbers_compare_without_spaces_or_case():
    assert rules.normalised_invoice_number(" fp 0012 ") == "FP0012"


def test_excess_is_what_goes_over_the_budget():
    line = BudgetLine(budget_id=1, amount=Decimal("10000.00"), consumed=Decimal("9000.00"))
    assert line.excess_with(Decimal("1000.00")) == Decimal("0.00")
    assert line.excess_with(Decimal("2200.00")) == Decimal("1200.00")
    assert line.remaining == Decimal("1000.00")


def test_budgets_exceeded_lists_each_with_its_excess_and_tightest_has_least_left():
    wide = BudgetLine(budget_id=1, amount=Decimal("100000.00"), consumed=Decimal("0.00"))
    tight = BudgetLine(budget_id=2, amount=Decimal("500.00"), consumed=Decimal("400.00"))
    assert rules.budgets_exceeded([wide, tight], adding=Decimal("300.00")) == [(tight, Decimal("200.00"))]
    assert rules.tightest([wide, tight]) is tight
    assert rules.tightest([]) is None


def test_money_text_groups_thousands():
    assert rules.money_text(Decimal("1200")) == "1,200.00"
    assert BudgetLine(budget_id=1, amount=Decimal("200"), consumed=Decimal("50")).used_pct == Decimal("25.00")
