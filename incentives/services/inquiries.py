"""Inquiries on bonus rows (申诉, SPEC §5.5): an employee asks about their own row while the
month's sheet is a draft or submitted; HR answers (explanation required), optionally with an
adjustment citing the inquiry; the employee accepts (closed) or reopens once. While an inquiry
awaits HR (open or reopened) the director cannot approve the sheet (409 naming it). Every step is
a `BonusInquiryStep` under a row lock.

    open ──answer (HR)──▶ answered ──accept (employee)──▶ closed
      ▲                     │
      └── (HR answers again) ◀──reopen (employee, once)── reopened
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound
from common.notifications import notify, notify_many
from common.periods import Period
from common.phrases import phrase
from common.transitions import passes
from incentives.models import (
    AWAITING_HR,
    BonusInquiry,
    BonusInquiryStep,
    BonusRow,
    BonusSheet,
    InquiryCategory,
    InquiryStatus,
    SheetStatus,
)
from teams.models import Role
from teams.scoping import acting_employee, require_role
from teams.selectors import hr_recipients

#: The sheet states in which an inquiry may be raised (SPEC §5.5).
RAISE_STATUSES = (SheetStatus.DRAFT, SheetStatus.SUBMITTED)
#: Who answers inquiries.
ANSWER_ROLES = (Role.HR,)
#: Longest question / answer kept.
TEXT_LIMIT = 2000


def _inquiry_link(inquiry: BonusInquiry) -> str:
    from django.urls import reverse

    return reverse("incentives:inquiry", kwargs={"pk": inquiry.pk})


def _required_text(value: str, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if "\x00" in text:
        raise ApplicationError(_("Remove the NUL characters."), field=field)
    if len(text) > TEXT_LIMIT:
        raise ApplicationError(_("Use at most %(limit)s characters.") % {"limit": TEXT_LIMIT}, field=field)
    return text


def _step(inquiry: BonusInquiry, *, actor, from_status: str, note: str = "") -> None:
    BonusInquiryStep.objects.create(inquiry=inquiry, actor=actor, from_status=from_status, to_status=inquiry.status,
                                    note=note)


def ensure_may_raise_inquiry(*, month: Period, actor, employee=None) -> tuple[BonusSheet, object]:
    """The sheet and the asker's own employee record, if `actor` may raise an inquiry on their
    row of the month's sheet: someone else's row or no row → 404, a sheet past submitted → 409."""
    own = acting_employee(actor)
    if own is None or (employee is not None and employee.pk != own.pk):
        raise NotFound(_("You can only ask about your own row."), field="employee")
    sheet = BonusSheet.objects.filter(month=month.start).first()
    if sheet is None or not BonusRow.objects.filter(sheet=sheet, employee=own).exists():
        raise NotFound(_("You have no row on the bonus sheet of %(month)s.") % {"month": month}, field="month")
    if sheet.status not in RAISE_STATUSES:
        raise Conflict(_("The bonus sheet of %(month)s is %(status)s: questions are taken while it is a draft or "
                         "submitted.") % {"month": month, "status": sheet.get_status_display()})
    return sheet, own


def may_raise_inquiry(*, month: Period, actor) -> bool:
    return passes(ensure_may_raise_inquiry, month=month, actor=actor)


def bonus_inquiry_raise(*, month: Period, category: str, text: str, actor, employee=None) -> BonusInquiry:
    """The employee asks about their own row (category and text required, 400 naming them)."""
    if category not in InquiryCategory.values:
        raise ApplicationError(_("Choose a category."), field="category")
    text = _required_text(text, field="text", message=_("Say what looks wrong."))
    with transaction.atomic():
        sheet, own = ensure_may_raise_inquiry(month=month, actor=actor, employee=employee)
        BonusSheet.objects.select_for_update().filter(pk=sheet.pk).first()  # no approval slips in between
        inquiry = BonusInquiry.objects.create(sheet=sheet, employee=own, category=category, text=text)
        _step(inquiry, actor=actor, from_status="", note=text)
    notify_many([
        {"recipient": user, "kind": "bonus_inquiry_raised", "link": _inquiry_link(inquiry),
         "message": phrase("incentives.notify.inquiry_raised", month=str(month), name=own.name),
         "dedupe_key": f"bonus-inquiry-raised:{inquiry.pk}:{user.pk}"}
        for user in hr_recipients()
    ])
    return inquiry


def _locked(inquiry: BonusInquiry) -> BonusInquiry:
    return BonusInquiry.objects.select_for_update().select_related("sheet", "employee__user").get(pk=inquiry.pk)


def ensure_may_answer_inquiry(*, inquiry: BonusInquiry, actor) -> None:
    """HR answers an inquiry awaiting them (403 for another role, 409 in another state)."""
    require_role(actor, *ANSWER_ROLES)
    if inquiry.status not in AWAITING_HR:
        raise Conflict(_("Inquiry #%(id)s is %(status)s: there is nothing to answer.") % {
            "id": inquiry.pk, "status": inquiry.get_status_display()})


def may_answer_inquiry(*, inquiry: BonusInquiry, actor) -> bool:
    return passes(ensure_may_answer_inquiry, inquiry=inquiry, actor=actor)


def bonus_inquiry_answer(*, inquiry: BonusInquiry, answer: str, actor,
                         adjustment_amount: Decimal | None = None) -> BonusInquiry:
    """HR's answer (explanation required, 400 naming `answer`); with `adjustment_amount` an
    adjustment is recorded whose reason cites the inquiry (the sheet must be a draft: 409)."""
    from incentives.services.adjustments import bonus_adjustment_create

    ensure_may_answer_inquiry(inquiry=inquiry, actor=actor)
    answer = _required_text(answer, field="answer", message=_("An answer needs an explanation."))
    with transaction.atomic():
        inquiry = _locked(inquiry)
        ensure_may_answer_inquiry(inquiry=inquiry, actor=actor)
        if adjustment_amount is not None:
            reason = (_("Inquiry #%(id)s: %(answer)s") % {"id": inquiry.pk, "answer": answer})[:300]
            try:
                inquiry.adjustment = bonus_adjustment_create(
                    month=Period.of_month(inquiry.sheet.month), employee=inquiry.employee, amount=adjustment_amount,
                    reason=reason, actor=actor)
            except ApplicationError as exc:
                if exc.field == "amount" or exc.field is None:
                    exc.field = "adjustment"
                raise
        before = inquiry.status
        inquiry.status, inquiry.answer = InquiryStatus.ANSWERED, answer
        inquiry.save(update_fields=["status", "answer", "adjustment"])
        _step(inquiry, actor=actor, from_status=before, note=answer)
    _tell_employee(inquiry, "incentives.notify.inquiry_answered")
    return inquiry


def _tell_employee(inquiry: BonusInquiry, phrase_id: str) -> None:
    user = inquiry.employee.user
    if user is not None:
        notify(recipient=user, kind="bonus_inquiry_answered", link=_inquiry_link(inquiry),
               message=phrase(phrase_id, id=inquiry.pk, month=f"{inquiry.sheet.month:%Y-%m}"),
               dedupe_key=f"bonus-inquiry-answered:{inquiry.pk}:{inquiry.steps.count()}")


def ensure_may_respond_inquiry(*, inquiry: BonusInquiry, actor, action: str) -> None:
    """The asker accepts or reopens (once) an answered inquiry: someone else → 403, another state → 409."""
    own = acting_employee(actor)
    if own is None or own.pk != inquiry.employee_id:
        raise NotAllowed(_("Only the person who asked may accept or reopen the answer."))
    if inquiry.status != InquiryStatus.ANSWERED:
        raise Conflict(_("Inquiry #%(id)s is %(status)s: only an answered inquiry can be accepted or reopened.") % {
            "id": inquiry.pk, "status": inquiry.get_status_display()})
    if action == "reopen" and inquiry.reopened:
        raise Conflict(_("Inquiry #%(id)s was already reopened once: accept the answer or ask HR directly.")
                       % {"id": inquiry.pk})


def may_respond_inquiry(*, inquiry: BonusInquiry, actor, action: str) -> bool:
    return passes(ensure_may_respond_inquiry, inquiry=inquiry, actor=actor, action=action)


def bonus_inquiry_accept(*, inquiry: BonusInquiry, actor) -> BonusInquiry:
    """The asker accepts HR's answer (answered → closed)."""
    with transaction.atomic():
        inquiry = _locked(inquiry)
        ensure_may_respond_inquiry(inquiry=inquiry, actor=actor, action="accept")
        inquiry.status = InquiryStatus.CLOSED
        inquiry.save(update_fields=["status"])
        _step(inquiry, actor=actor, from_status=InquiryStatus.ANSWERED)
    return inquiry


def bonus_inquiry_reopen(*, inquiry: BonusInquiry, actor, text: str) -> BonusInquiry:
    """The asker is not satisfied and says why (required, 400 naming `text`): answered →
    reopened, once; it awaits HR again (and blocks approval)."""
    text = _required_text(text, field="text", message=_("Say why the answer does not settle it."))
    with transaction.atomic():
        inquiry = _locked(inquiry)
        ensure_may_respond_inquiry(inquiry=inquiry, actor=actor, action="reopen")
        if inquiry.sheet.status not in RAISE_STATUSES:
            raise Conflict(_("The bonus sheet of %(month)s is %(status)s: it can no longer be questioned.") % {
                "month": f"{inquiry.sheet.month:%Y-%m}", "status": inquiry.sheet.get_status_display()})
        inquiry.status, inquiry.reopened = InquiryStatus.REOPENED, True
        inquiry.save(update_fields=["status", "reopened"])
        _step(inquiry, actor=actor, from_status=InquiryStatus.ANSWERED, note=text)
    return inquiry


def ensure_no_open_inquiry(sheet: BonusSheet) -> None:
    """409 naming the first inquiry on the sheet that awaits HR (the sheet cannot be approved)."""
    waiting = (BonusInquiry.objects.filter(sheet=sheet, status__in=AWAITING_HR).select_related("employee")
               .order_by("raised_at", "id").first())
    if waiting is not None:
        raise Conflict(_("Inquiry #%(id)s by %(name)s is %(status)s: answer it before approving the sheet.") % {
            "id": waiting.pk, "name": waiting.employee.name, "status": waiting.get_status_display()},
            field="inquiry")


INQUIRY_ACTIONS = {"answer": bonus_inquiry_answer, "accept": bonus_inquiry_accept, "reopen": bonus_inquiry_reopen}
