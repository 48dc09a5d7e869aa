"""Claims: the claimant's writes at every limit of SPEC §7, the state machine's transitions and
refusals (nothing changed on refusal), duplicates."""

from datetime import date
from decimal import Decimal

import pytest

from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.models import Notification
from expenses import services
from expenses.models import ClaimStatus, ExpenseClaim
from expenses.tests.factories import make_budget, make_claim, receipt, set_policy

pytestmark = pytest.mark.django_db


def draft(org, **kwargs):
    fields = {"category": "travel", "amount": "120.50", "incurred_on": date(2026, 11, 10),
              "purpose": "Taxi to Customer A", "receipt": receipt(), **kwargs}
    return services.expense_claim_create(actor=org.rep.user, **fields)


def refused(call, field=None, error=ApplicationError):
    with pytest.raises(error) as caught:
        call()
    if field is not None:
        assert caught.value.field == field
    return caught.value


# --- create: the limits at their edges --------------------------------------------------------


@pytest.mark.parametrize("amount, ok", [("0.00", False), ("0.01", True), ("50000.00", True), ("50000.01", False)])
def test_amount_edges(org, amount, ok):
    if ok:
        assert draft(org, amount=amount).amount == Decimal(amount)
    else:
        refused(lambda: draft(org, amount=amount), "amount")
        assert not ExpenseClaim.objects.exists()


@pytest.mark.parametrize("day, ok", [
    (date(2026, 11, 16), True), (date(2026, 11, 17), False), (date(2026, 8, 18), True), (date(2026, 8, 17), False),
])
def test_incurred_on_edges(org, day, ok):
    if ok:
        assert draft(org, incurred_on=day).incurred_on == day
    else:
        refused(lambda: draft(org, incurred_on=day), "incurred_on")
        assert not ExpenseClaim.objects.exists()


def test_the_age_limit_is_configurable(org):
    set_policy(max_age_days=10)
    refused(lambda: draft(org, incurred_on=date(2026, 11, 5)), "incurred_on")


def test_an_executable_renamed_pdf_is_refused(org):
    error = refused(lambda: draft(org, receipt=receipt("exe", name="invoice.pdf")), "receipt")
    assert "content" in str(error.message)
    assert not ExpenseClaim.objects.exists()


def test_an_11_mb_receipt_is_refused_and_10_mb_is_taken(org):
    refused(lambda: draft(org, receipt=receipt("jpg", size=11 * 1024 * 1024)), "receipt")
    claim = draft(org, receipt=receipt("jpg", size=10 * 1024 * 1024))
    assert claim.receipt_size == 10 * 1024 * 1024 and claim.receipt_content_type == "image/jpeg"


def test_receipt_is_stored_under_a_random_name_with_the_type_of_its_content(org):
    claim = draft(org, receipt=receipt("png", name="../../evil.pdf"))
    assert claim.receipt.name.startswith("receipts/") and claim.receipt.name.endswith(".png")
    assert "evil" not in claim.receipt.name and len(claim.receipt_sha256) == 64


def test_purpose_is_required_and_clean(org):
    refused(lambda: draft(org, purpose="  "), "purpose")
    refused(lambda: draft(org, purpose="taxi\x00"), "purpose")


def test_hr_and_an_admin_without_employee_do_not_claim(org):
    refused(lambda: services.expense_claim_create(actor=org.hr.user, category="travel", amount="1", purpose="x",
                                                  incurred_on=date(2026, 11, 10)), error=NotAllowed)
    refused(lambda: services.expense_claim_create(actor=org.admin, category="travel", amount="1", purpose="x",
                                                  incurred_on=date(2026, 11, 10)), error=NotAllowed)


def test_a_customer_the_claimant_cannot_see_is_refused(org):
    from customers.tests.factories import CustomerFactory, FollowUpFactory

    theirs = CustomerFactory(owner=org.rep3)
    refused(lambda: draft(org, customer=theirs), "customer")
    mine = CustomerFactory(owner=org.rep)
    other_mine = CustomerFactory(owner=org.rep)
    follow_up = FollowUpFactory(customer=mine)
    refused(lambda: draft(org, customer=other_mine, follow_up=follow_up), "follow_up")
    claim = draft(org, follow_up=follow_up)
    assert claim.customer == mine


def test_an_event_the_claimant_cannot_see_is_refused(org):
    from events.tests.factories import EventFactory

    refused(lambda: draft(org, event=EventFactory(org_unit=org.south1)), "event")
    assert draft(org, event=EventFactory(org_unit=org.east1)).event is not None


# --- duplicates ---------------------------------------------------------------------------------


def test_the_same_invoice_number_is_claimed_once(org):
    draft(org, invoice_number="FP 0012")
    error = refused(lambda: draft(org, invoice_number="fp0012"), "invoice_number")
    assert "already claimed" in str(error.message)
    assert ExpenseClaim.objects.count() == 1


def test_the_same_receipt_content_is_claimed_once_whatever_its_name(org):
    content = b"\xff\xd8\xff\xe0 the same photo"
    draft(org, receipt=receipt(content=content, name="a.jpg"))
    refused(lambda: draft(org, receipt=receipt(content=content, name="b.jpg")), "receipt")


def test_a_rejected_claims_invoice_may_be_claimed_again(org):
    make_claim(org.rep, status=ClaimStatus.REJECTED, invoice_number="FP0012")
    assert draft(org, invoice_number="FP0012").invoice_number == "FP0012"


def test_the_database_refuses_a_duplicate_the_check_missed(org, monkeypatch):
    draft(org, invoice_number="FP0012")
    monkeypatch.setattr("expenses.services.claims._ensure_not_duplicate", lambda claim: None)
    refused(lambda: draft(org, invoice_number="FP0012"), "invoice_number")


# --- update / delete ----------------------------------------------------------------------------


def test_the_claimant_edits_a_draft_and_unknown_fields_are_refused(org):
    claim = draft(org)
    services.expense_claim_update(actor=org.rep.user, claim=claim, data={"amount": "99.00"})
    claim.refresh_from_db()
    assert claim.amount == Decimal("99.00")
    refused(lambda: services.expense_claim_update(actor=org.rep.user, claim=claim, data={"status": "paid"}),
            "status")
    refused(lambda: services.expense_claim_update(actor=org.sup1.user, claim=claim, data={"amount": "1"}),
            error=NotAllowed)


def test_a_submitted_claim_cannot_be_edited_or_deleted(org):
    claim = make_claim(org.rep)
    refused(lambda: services.expense_claim_update(actor=org.rep.user, claim=claim, data={"amount": "1"}),
            error=Conflict)
    refused(lambda: services.expense_claim_delete(actor=org.rep.user, claim=claim), error=Conflict)
    assert ExpenseClaim.objects.get(pk=claim.pk).amount == Decimal("100.00")


def test_a_draft_is_deleted(org):
    claim = draft(org)
    services.expense_claim_delete(actor=org.rep.user, claim=claim)
    assert not ExpenseClaim.objects.exists()


# --- transitions --------------------------------------------------------------------------------


def test_the_whole_way_to_paid_is_recorded(org):
    make_budget(org.east1, 10000)
    claim = draft(org)
    services.expense_claim_submit(claim=claim, actor=org.rep.user)
    services.expense_claim_approve(claim=claim, actor=org.sup1.user)
    services.expense_claim_approve(claim=claim, actor=org.finance.user)
    services.expense_claim_pay(claim=claim, actor=org.finance.user)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert [(t.from_status, t.to_status, t.actor.username) for t in claim.transitions.all()] == [
        ("draft", "submitted", "rep"), ("submitted", "manager_approved", "sup1"),
        ("manager_approved", "finance_approved", "finance"), ("finance_approved", "paid", "finance")]
    assert Notification.objects.filter(recipient=org.sup1.user, kind="expense_claim_submitted").exists()
    assert set(Notification.objects.filter(recipient=org.rep.user).values_list("kind", flat=True)) == {
        "expense_claim_approved", "expense_claim_paid"}


def test_submit_needs_the_receipt(org):
    claim = draft(org, receipt=None)
    refused(lambda: services.expense_claim_submit(claim=claim, actor=org.rep.user), "receipt")
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.DRAFT


def test_submit_rechecks_the_age_on_the_day_of_submission(org):
    claim = make_claim(org.rep, status=ClaimStatus.DRAFT, incurred_on=date(2026, 8, 1), receipt="receipts/x.jpg")
    refused(lambda: services.expense_claim_submit(claim=claim, actor=org.rep.user), "incurred_on")


def test_only_the_claimant_submits(org):
    claim = draft(org)
    refused(lambda: services.expense_claim_submit(claim=claim, actor=org.sup1.user), error=NotAllowed)


def test_nobody_approves_their_own_claim(org):
    make_budget(org.east1, 10000)
    own = make_claim(org.sup1)
    refused(lambda: services.expense_claim_approve(claim=own, actor=org.sup1.user), error=NotAllowed)
    director_own = make_claim(org.director, category="travel")
    refused(lambda: services.expense_claim_approve(claim=director_own, actor=org.director.user), error=NotAllowed)
    assert ExpenseClaim.objects.get(pk=own.pk).status == ClaimStatus.SUBMITTED


def test_a_supervisor_head_of_the_claimants_team_or_above_approves_first(org):
    make_budget(org.company, 100000)
    for approver in (org.sup1, org.manager, org.director):
        claim = make_claim(org.rep)
        services.expense_claim_approve(claim=claim, actor=approver.user)
        assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.MANAGER_APPROVED


def test_another_teams_supervisor_may_not_approve(org):
    make_budget(org.company, 100000)
    claim = make_claim(org.rep)
    refused(lambda: services.expense_claim_approve(claim=claim, actor=org.sup2.user), error=NotAllowed)


def test_finance_approving_before_the_line_manager_is_409(org):
    claim = make_claim(org.rep)
    error = refused(lambda: services.expense_claim_approve(claim=claim, actor=org.finance.user), error=Conflict)
    assert "line manager approves this claim first" in str(error.message)
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    assert not claim.transitions.exists()


def test_a_head_approving_twice_is_409(org):
    claim = make_claim(org.rep, status=ClaimStatus.MANAGER_APPROVED)
    refused(lambda: services.expense_claim_approve(claim=claim, actor=org.sup1.user), error=Conflict)


def test_hr_and_reps_approve_nothing(org):
    claim = make_claim(org.rep)
    refused(lambda: services.expense_claim_approve(claim=claim, actor=org.hr.user), error=NotAllowed)
    refused(lambda: services.expense_claim_approve(claim=claim, actor=org.teammate.user), error=NotAllowed)


def test_reject_needs_a_reason_and_changes_nothing_without_one(org):
    claim = make_claim(org.rep)
    refused(lambda: services.expense_claim_reject(claim=claim, actor=org.sup1.user, reason="  "), "reason")
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
    services.expense_claim_reject(claim=claim, actor=org.sup1.user, reason="No receipt date")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.rejection_reason == "No receipt date"
    assert claim.transitions.get().note == "No receipt date"


def test_finance_rejects_only_after_the_first_approval(org):
    claim = make_claim(org.rep)
    refused(lambda: services.expense_claim_reject(claim=claim, actor=org.finance.user, reason="x"), error=Conflict)
    claim = make_claim(org.rep, status=ClaimStatus.MANAGER_APPROVED)
    services.expense_claim_reject(claim=claim, actor=org.finance.user, reason="Invoice title wrong")
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def test_a_rejected_claim_is_corrected_and_resubmitted(org):
    make_budget(org.east1, 10000)
    claim = make_claim(org.rep, status=ClaimStatus.REJECTED)
    services.expense_claim_update(actor=org.rep.user, claim=claim, data={"amount": "80.00"})
    services.expense_claim_submit(claim=claim, actor=org.rep.user)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.rejection_reason == "" and claim.amount == Decimal("80.00")


def test_resubmitting_an_invoice_someone_claimed_meanwhile_is_refused(org):
    claim = make_claim(org.rep, status=ClaimStatus.REJECTED, invoice_number="FP1")
    make_claim(org.teammate, invoice_number="FP1")
    refused(lambda: services.expense_claim_submit(claim=claim, actor=org.rep.user), "invoice_number")
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED


def test_only_finance_pays_and_only_finance_approved_claims(org):
    approved = make_claim(org.rep, status=ClaimStatus.FINANCE_APPROVED)
    refused(lambda: services.expense_claim_pay(claim=approved, actor=org.director.user), error=NotAllowed)
    early = make_claim(org.rep, status=ClaimStatus.MANAGER_APPROVED)
    refused(lambda: services.expense_claim_pay(claim=early, actor=org.finance.user), error=Conflict)
    own = make_claim(org.finance, status=ClaimStatus.FINANCE_APPROVED)
    refused(lambda: services.expense_claim_pay(claim=own, actor=org.finance.user), error=NotAllowed)


def test_may_act_answers_what_the_moves_enforce(org):
    claim = make_claim(org.rep)
    assert services.claim_actions_allowed(claim=claim, actor=org.sup1.user) == {
        "submit": False, "approve": True, "reject": True, "pay": False}
    assert services.claim_actions_allowed(claim=claim, actor=org.finance.user) == {
        "submit": False, "approve": False, "reject": False, "pay": False}
    assert services.claim_actions_allowed(claim=claim, actor=org.rep.user)["approve"] is False


def test_an_empty_receipt_is_refused(org):
    refused(lambda: draft(org, receipt=receipt(content=b"")), "receipt")


def test_a_new_receipt_replaces_the_old_one_and_is_fingerprinted_again(org):
    claim = draft(org)
    before = claim.receipt_sha256
    services.expense_claim_update(actor=org.rep.user, claim=claim, data={"receipt": receipt("pdf")})
    claim.refresh_from_db()
    assert claim.receipt_content_type == "application/pdf" and claim.receipt_sha256 != before
