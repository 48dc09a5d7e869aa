"""Inquiries on bonus rows (SPEC §5.5; issue 18): raised on one's own row while the sheet is a
draft or submitted, answered by HR with a required explanation and optionally an adjustment citing
it, accepted or reopened once; every step recorded; approval blocked while one awaits HR."""

from decimal import Decimal as D

import pytest

from common.exceptions import Conflict
from incentives.models import BonusAdjustment, BonusInquiry, BonusSheet, InquiryStatus, SheetStatus
from incentives.services import bonus_sheet_approve, bonus_sheet_reopen, bonus_sheet_submit
from incentives.tests.factories import OCTOBER, row_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

URL = "/api/v1/bonus-inquiries/"


def ask(api, who, **body):
    return api(who).post(URL, {"month": "2026-10", "category": "missing_contract", "text": "Contract C-9 is missing.",
                               **body}, format="json")


def test_raise_on_own_row(org, api, sheet):
    response = ask(api, org.rep)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id", "month", "employee", "category", "text", "status", "answer", "adjustment"}
    assert (body["month"], body["employee"], body["status"], body["adjustment"]) == ("2026-10", org.rep.pk, "open", None)
    inquiry = BonusInquiry.objects.get()
    assert [(s.from_status, s.to_status) for s in inquiry.steps.all()] == [("", "open")]


def test_bad_inquiries_save_nothing(org, api, sheet):
    assert ask(api, org.rep, employee=org.teammate.pk).status_code == 404  # someone else's row
    response = ask(api, org.rep, text="   ")
    assert response.status_code == 400 and "text" in response.json()["detail"]
    assert ask(api, org.rep, category="nonsense").status_code == 400
    assert ask(api, org.rep, month="2026-13").status_code == 400
    assert ask(api, org.rep, month="2026-08").status_code == 404  # no sheet, no row
    assert ask(api, org.finance).status_code in (403, 404)
    assert not BonusInquiry.objects.exists()


def test_approved_sheet_is_409(org, api, sheet):
    BonusSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.APPROVED)
    assert ask(api, org.rep).status_code == 409
    assert not BonusInquiry.objects.exists()


def test_visibility(org, api, sheet):
    inquiry_id = ask(api, org.rep).json()["id"]
    assert [i["id"] for i in api(org.hr).get(URL).json()["results"]] == [inquiry_id]
    assert api(org.sup1).get(f"{URL}{inquiry_id}/").status_code == 200
    assert api(org.teammate).get(f"{URL}{inquiry_id}/").status_code == 404
    assert api(org.sup3).get(f"{URL}{inquiry_id}/").status_code == 404
    assert api(org.teammate).get(URL).json()["results"] == []
    assert api(org.finance).get(URL).status_code == 403
    assert api(org.hr).get(URL + "?status=bogus").status_code == 400
    assert api(org.hr).get(URL + "99999999999/").status_code == 404


def test_answer_requires_an_explanation_and_only_hr_answers(org, api, sheet):
    inquiry_id = ask(api, org.rep).json()["id"]
    response = api(org.hr).post(f"{URL}{inquiry_id}/answer/", {"answer": " "}, format="json")
    assert response.status_code == 400 and "answer" in response.json()["detail"]
    assert api(org.sup1).post(f"{URL}{inquiry_id}/answer/", {"answer": "ok"}, format="json").status_code == 403
    assert BonusInquiry.objects.get().status == InquiryStatus.OPEN


def test_answer_with_an_adjustment_citing_the_inquiry(org, api, sheet):
    inquiry_id = ask(api, org.rep).json()["id"]
    response = api(org.hr).post(f"{URL}{inquiry_id}/answer/", {"answer": "C-9 was signed in October: added.",
                                                               "adjustment": "150.00"}, format="json")
    assert response.status_code == 200, response.json()
    adjustment = BonusAdjustment.objects.get()
    assert response.json()["adjustment"] == adjustment.pk and response.json()["status"] == "answered"
    assert adjustment.reason.startswith(f"Inquiry #{inquiry_id}: ") and adjustment.amount == D("150.00")
    assert row_of(BonusSheet.objects.get(), org.rep).adjustments == D("150.00")


def test_reopen_once_then_accept(org, api, sheet):
    inquiry_id = ask(api, org.rep).json()["id"]
    api(org.hr).post(f"{URL}{inquiry_id}/answer/", {"answer": "Signed in November."}, format="json")
    assert api(org.teammate).post(f"{URL}{inquiry_id}/accept/").status_code == 404
    assert api(org.rep).post(f"{URL}{inquiry_id}/reopen/", {"text": ""}, format="json").status_code == 400
    assert api(org.rep).post(f"{URL}{inquiry_id}/reopen/", {"text": "It was 31 October."},
                             format="json").json()["status"] == "reopened"
    api(org.hr).post(f"{URL}{inquiry_id}/answer/", {"answer": "The contract says 1 November."}, format="json")
    assert api(org.rep).post(f"{URL}{inquiry_id}/reopen/", {"text": "Still wrong"}, format="json").status_code == 409
    assert api(org.rep).post(f"{URL}{inquiry_id}/accept/").json()["status"] == "closed"
    steps = [(s.from_status, s.to_status) for s in BonusInquiry.objects.get().steps.all()]
    assert steps == [("", "open"), ("open", "answered"), ("answered", "reopened"), ("reopened", "answered"),
                     ("answered", "closed")]


def test_approval_blocked_then_allowed_by_the_inquiry_life_cycle(org, api, sheet):
    inquiry_id = ask(api, org.rep).json()["id"]
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    response = api(org.director).post("/api/v1/bonus-sheets/2026-10/approve/", {}, format="json")
    assert response.status_code == 409 and f"#{inquiry_id}" in response.json()["detail"]
    assert BonusSheet.objects.get().status == SheetStatus.SUBMITTED
    bonus_sheet_reopen(month=OCTOBER, actor=org.hr.user)
    api(org.hr).post(f"{URL}{inquiry_id}/answer/", {"answer": "Right as it is."}, format="json")
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    assert BonusSheet.objects.get().status == SheetStatus.APPROVED


def test_a_reopened_inquiry_blocks_approval_again(org, api, sheet):
    inquiry_id = ask(api, org.rep).json()["id"]
    api(org.hr).post(f"{URL}{inquiry_id}/answer/", {"answer": "Right as it is."}, format="json")
    api(org.rep).post(f"{URL}{inquiry_id}/reopen/", {"text": "No."}, format="json")
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    with pytest.raises(Conflict):
        bonus_sheet_approve(month=OCTOBER, actor=org.director.user)


def test_inquiry_list_query_count_does_not_grow(org, api, sheet):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from incentives.models import BonusInquiry

    def count():
        client = api(org.hr)
        client.get(URL)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    BonusInquiry.objects.bulk_create([BonusInquiry(sheet=sheet, employee=org.rep, category="other", text="?")] * 1)
    few = count()
    BonusInquiry.objects.bulk_create([BonusInquiry(sheet=sheet, employee=org.teammate, category="other", text="?")
                                      for _ in range(30)])
    assert count() == few
