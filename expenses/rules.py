"""The rules of expenses as pure functions of plain values (SPEC §7), tested without a database.
Services gather the facts (the policy, today, the budget rows and their consumption), ask these,
and raise the refusal."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from common.money import ZERO, percent, to_money

#: The receipt types a claim accepts, told apart by their first bytes (never by the file's name).
RECEIPT_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
#: How many leading bytes `receipt_content_type` needs.
RECEIPT_SIGNATURE_BYTES = max(len(signature) for signature, _ in RECEIPT_SIGNATURES)


def receipt_content_type(head: bytes) -> str | None:
    """The receipt's type read from its first bytes ("application/pdf", "image/png", "image/jpeg"),
    or None for anything else (an executable renamed `.pdf`, a text file, a HEIC photo)."""
    for signature, content_type in RECEIPT_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def amount_in_range(amount: Decimal, *, largest: Decimal) -> bool:
    """0 < amount ≤ largest (50,000.00 by default), in cents."""
    return ZERO < amount <= largest and amount == to_money(amount)


def incurred_on_problem(incurred_on: date, *, today: date, max_age_days: int) -> str | None:
    """"future" when the expense lies after `today`, "too_old" when it lies more than
    `max_age_days` before it (today − 90 is still fine, today − 91 is not), else None."""
    if incurred_on > today:
        return "future"
    if incurred_on < today - timedelta(days=max_age_days):
        return "too_old"
    return None


def normalised_invoice_number(text: str) -> str:
    """The invoice number as compared for duplicates: no spaces, upper case ("fp 0012" = "FP0012")."""
    return "".join(str(text or "").split()).upper()


@dataclass(frozen=True)
class BudgetLine:
    """A budget with what it has consumed (claims at `manager_approved` or later)."""

    budget_id: int
    amount: Decimal
    consumed: Decimal

    @property
    def remaining(self) -> Decimal:
        return to_money(self.amount - self.consumed)

    @property
    def used_pct(self) -> Decimal | None:
        """Consumption as a percentage of the budget (2 decimals)."""
        return percent(self.consumed, self.amount)

    def excess_with(self, adding: Decimal) -> Decimal:
        """How far `adding` more would take consumption over the budget (0.00 when it fits)."""
        return max(ZERO, to_money(self.consumed + adding - self.amount))


def budgets_exceeded(lines: list[BudgetLine], *, adding: Decimal) -> list[tuple[BudgetLine, Decimal]]:
    """The budgets that `adding` would take over, each with the excess, in the order given."""
    return [(line, line.excess_with(adding)) for line in lines if line.excess_with(adding) > ZERO]


def tightest(lines: list[BudgetLine]) -> BudgetLine | None:
    """The budget with the least left (what an approver needs to see beside a claim)."""
    return min(lines, key=lambda line: (line.remaining, line.budget_id), default=None)


def money_text(amount: Decimal) -> str:
    """An amount as every language shows it in a message: "1,200.00"."""
    return f"{to_money(amount):,.2f}"
