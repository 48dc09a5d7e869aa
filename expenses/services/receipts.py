"""The receipt of a claim (SPEC §7): pdf, png or jpg read from the content's first bytes (an
executable renamed `receipt.pdf` is refused), at most the policy's size (10 MB), fingerprinted by
the SHA-256 of its content so the same receipt is not claimed twice."""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from expenses.models import ExpensePolicy
from expenses.rules import RECEIPT_SIGNATURE_BYTES, receipt_content_type


@dataclass(frozen=True)
class CheckedReceipt:
    file: object
    content_type: str
    sha256: str
    size: int


def receipt_check(*, file, policy: ExpensePolicy | None = None) -> CheckedReceipt:
    """Read an uploaded file once: refuse (400 naming `receipt`) one that is too large, empty or
    not a PDF, PNG or JPEG by its content; return it with its type, fingerprint and size."""
    policy = policy or ExpensePolicy.current()
    size = getattr(file, "size", None)
    if size is not None and size > policy.max_receipt_bytes:
        raise ApplicationError(_("The receipt is larger than %(mb)s MB.") % {"mb": policy.max_receipt_mb},
                               field="receipt")
    digest, head, total = hashlib.sha256(), b"", 0
    file.seek(0)
    for chunk in (file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b"")):
        if len(head) < RECEIPT_SIGNATURE_BYTES:
            head += chunk[: RECEIPT_SIGNATURE_BYTES - len(head)]
        digest.update(chunk)
        total += len(chunk)
        if total > policy.max_receipt_bytes:
            raise ApplicationError(_("The receipt is larger than %(mb)s MB.") % {"mb": policy.max_receipt_mb},
                                   field="receipt")
    file.seek(0)
    if total == 0:
        raise ApplicationError(_("The receipt file is empty."), field="receipt")
    content_type = receipt_content_type(head)
    if content_type is None:
        raise ApplicationError(
            _("The receipt must be a PDF, PNG or JPEG file (checked from its content, not its name)."),
            field="receipt")
    return CheckedReceipt(file=file, content_type=content_type, sha256=digest.hexdigest(), size=total)
