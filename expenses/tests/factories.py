"""Test helpers for expenses: receipts as bytes, claims and budgets written directly (no rules) or
through the services."""

import itertools
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from common.periods import Period
from expenses.models import ClaimStatus, ExpenseBudget, ExpenseClaim, ExpensePolicy

#: The clock of the tests: mid-November 2026 (Asia/Shanghai).
TODAY = date(2026, 11, 16)
NOW = "2026-11-16 10:00 +08:00"
NOVEMBER = Period(2026, month=11)

_serial = itertools.count(1)

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"
PDF = b"%PDF-1.7\n"


def receipt(kind: str = "jpg", *, name: str | None = None, size: int | None = None, content: bytes | None = None):
    """An uploaded receipt whose content starts like a real `kind` file; each call's content is
    different (so two receipts are not duplicates) unless `content` is given."""
    head = {"jpg": JPEG, "png": PNG, "pdf": PDF, "exe": b"MZ\x90\x00\x03"}[kind]
    body = content if content is not None else head + f"receipt {next(_serial)}".encode()
    if size is not None:
        body = body + b"\0" * (size - len(body))
    return SimpleUploadedFile(name or f"receipt.{'pdf' if kind == 'exe' else kind}", body)


def make_budget(unit, amount, *, category: str = "travel", period: str = "2026-11") -> ExpenseBudget:
    parsed = Period.parse(period)
    return ExpenseBudget.objects.create(org_unit=unit, category=category, period=str(parsed), period_kind=parsed.kind,
                                        start=parsed.start, end=parsed.end, amount=Decimal(str(amount)))


def make_claim(claimant, amount="100.00", *, status: str = ClaimStatus.SUBMITTED, category: str = "travel",
               incurred_on: date = date(2026, 11, 10), **kwargs) -> ExpenseClaim:
    """A claim in `status` written directly (its receipt is a stored name, not a file)."""
    serial = next(_serial)
    defaults = {"purpose": "Taxi to the customer", "invoice_number": f"INV{serial:06d}",
                "receipt": "receipts/test.jpg", "receipt_content_type": "image/jpeg",
                "receipt_sha256": f"{serial:064d}"}
    if status == ClaimStatus.DRAFT:
        defaults.update(receipt="", receipt_sha256="")
    if status == ClaimStatus.REJECTED:
        defaults["rejection_reason"] = "Wrong receipt"
    return ExpenseClaim.objects.create(claimant=claimant, amount=Decimal(str(amount)), status=status,
                                       category=category, incurred_on=incurred_on,
                                       **{**defaults, **kwargs})


def set_policy(**values) -> ExpensePolicy:
    """Change the policy row (created if a transactional test's flush removed the migration's)."""
    policy = ExpensePolicy.current()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy
