"""The pages of issue 18: the statement (own, in scope, the what-if form), the inquiry page with
HR's answer and the asker's accept/reopen, the sheet listing inquiries first, the certificate."""

import pytest

from incentives.models import BonusAward, BonusInquiry, InquiryStatus
from incentives.services import bonus_inquiry_raise
from incentives.tests.factories import OCTOBER, SEPTEMBER, give

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_statement_page_access(org, page, sheet):
    html = page(org.rep).get("/my-bonus/2026-10/").content.decode()
    assert "Contracts credited" in html and "2,200.00" in html and "Ask HR about a figure" in html
    assert page(org.sup1).get(f"/bonus/2026-10/statement/{org.rep.pk}/").status_code == 200
    assert page(org.hr).get(f"/bonus/2026-10/statement/{org.rep.pk}/").status_code == 200
    assert page(org.teammate).get(f"/bonus/2026-10/statement/{org.rep.pk}/").status_code == 404
    assert page(org.sup3).get(f"/bonus/2026-10/statement/{org.rep.pk}/").status_code == 404
    assert page(org.finance).get("/my-bonus/2026-10/").status_code == 403
    assert page(org.rep).get("/my-bonus/2026-13/").status_code == 400


def test_what_if_form_on_the_running_month(org, page):
    from common.periods import Period

    give(org.rep, Period(2026, month=11), target=100000, actual=90000, day=2)
    html = page(org.rep).get("/my-bonus/2026-11/").content.decode()
    assert "What if I sign more?" in html
    response = page(org.rep).post("/my-bonus/2026-11/what-if/", {"extra_sales": "40000"})
    assert response.status_code == 200 and "2,200.00" in response.content.decode()  # 130,000 on 100,000
    refused = page(org.rep).post("/my-bonus/2026-11/what-if/", {"extra_sales": "-5"})
    assert refused.status_code == 400 and 'value="-5"' in refused.content.decode()


def test_raise_from_the_page_then_answer_and_accept(org, page, sheet):
    response = page(org.rep).post("/my-bonus/2026-10/ask/", {"category": "wrong_amount", "text": "Too low?"})
    inquiry = BonusInquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bonus/inquiries/{inquiry.pk}/"
    empty = page(org.rep).post("/my-bonus/2026-10/ask/", {"category": "wrong_amount", "text": ""})
    assert empty.status_code == 400 and BonusInquiry.objects.count() == 1
    sheet_html = page(org.hr).get("/bonus/2026-10/").content.decode()
    assert "cannot be approved while an inquiry awaits" in sheet_html
    assert sheet_html.index(f"#{inquiry.pk}") < sheet_html.index("sheet-table")  # inquiries first
    refused = page(org.hr).post(f"/bonus/inquiries/{inquiry.pk}/answer/", {"answer": ""})
    assert refused.status_code == 400
    assert page(org.hr).post(f"/bonus/inquiries/{inquiry.pk}/answer/", {"answer": "It is right."}).status_code == 302
    assert "Accept the answer" in page(org.rep).get(f"/bonus/inquiries/{inquiry.pk}/").content.decode()
    assert page(org.teammate).get(f"/bonus/inquiries/{inquiry.pk}/").status_code == 404
    assert page(org.rep).post(f"/bonus/inquiries/{inquiry.pk}/accept/", {}).status_code == 302
    assert BonusInquiry.objects.get().status == InquiryStatus.CLOSED
    assert page(org.rep).post(f"/bonus/inquiries/{inquiry.pk}/nonsense/", {}).status_code == 404


def test_reopen_refused_twice_on_the_page(org, page, sheet):
    from incentives.services import bonus_inquiry_answer, bonus_inquiry_reopen

    inquiry = bonus_inquiry_raise(month=OCTOBER, category="other", text="?", actor=org.rep.user)
    bonus_inquiry_answer(inquiry=inquiry, answer="a", actor=org.hr.user)
    bonus_inquiry_reopen(inquiry=inquiry, actor=org.rep.user, text="no")
    bonus_inquiry_answer(inquiry=inquiry, answer="b", actor=org.hr.user)
    assert "Reopen it (once)" not in page(org.rep).get(f"/bonus/inquiries/{inquiry.pk}/").content.decode()
    assert page(org.rep).post(f"/bonus/inquiries/{inquiry.pk}/reopen/", {"text": "again"}).status_code == 409


def test_certificate_in_the_recipients_language(org, page, monkeypatch):
    from common import notifications
    from common.periods import Period
    from incentives.services import bonus_sheet_generate

    for month in ("2026-07", "2026-08", "2026-09"):
        give(org.rep, Period.parse_month(month), target=100000, actual=120000)
    bonus_sheet_generate(month=SEPTEMBER)
    award = BonusAward.objects.get(employee=org.rep, code="sales_star")
    html = page(org.hr).get(f"/bonus/awards/{award.pk}/certificate/").content.decode()
    assert "Sales Star" in html and org.rep.name in html and "2026-Q3" in html and "120.00 %" in html
    assert "@page { size: A4" in open("incentives/static/incentives/certificate.css").read()
    monkeypatch.setattr(notifications, "_language_resolver", lambda user: "zh-hans")
    chinese = page(org.rep).get(f"/bonus/awards/{award.pk}/certificate/").content.decode()
    assert 'lang="zh-hans"' in chinese
    assert page(org.teammate).get(f"/bonus/awards/{award.pk}/certificate/").status_code == 404
    assert page(org.finance).get(f"/bonus/awards/{award.pk}/certificate/").status_code == 403
    sheet_html = page(org.hr).get("/bonus/2026-09/").content.decode()
    assert f"/bonus/awards/{award.pk}/certificate/" in sheet_html


def test_pay_form_on_an_exported_sheet(org, page, sheet):
    from incentives.models import BonusSheet, SheetStatus

    BonusSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.EXPORTED)
    assert "Record the payout" in page(org.hr).get("/bonus/2026-10/").content.decode()
    refused = page(org.hr).post("/bonus/2026-10/pay/", {"payroll_reference": "PR-1", "paid_on": "2031-01-01"})
    assert refused.status_code == 400 and 'value="PR-1"' in refused.content.decode()
    assert page(org.hr).post("/bonus/2026-10/pay/", {"payroll_reference": "PR-1", "paid_on": "2026-11-02"}).status_code == 302
    assert BonusSheet.objects.get().status == SheetStatus.PAID
    assert page(org.director).post("/bonus/2026-10/pay/", {"payroll_reference": "x", "paid_on": "2026-11-02"}).status_code == 403
