"""Issue 9 on the target pages: forms saved unchanged in 简体中文 change nothing; a refused action
(a locked month) shows the same form again with the message at its field and what the user typed
(409), never a separate error page; the split preview sits above Save; a rep's page carries the
rep's own name; wide tables scroll in their own box."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from common.models import ClosedMonth
from targets.models import SalesTarget, TargetChange
from targets.tests.factories import make_target
from targets.tests.pages import chinese, field_block, form_chunk
from teams.tests.html_forms import form_data

pytestmark = pytest.mark.django_db


# --- saved unchanged in Chinese -----------------------------------------------------------------------


def test_a_target_change_saved_unchanged_in_chinese_changes_nothing(org, page):
    target = make_target("2026-03", "1234567.89", employee=org.rep)
    client = chinese(page(org.sup1))
    url = f"/targets/{target.pk}/change/"
    with translation.override("zh-hans"):
        shown = client.get(url)
        html = shown.content.decode()
        assert shown.status_code == 200 and 'lang="zh-hans"' in html and "1,234,567.89" in html
        data = form_data(form_chunk(html, 'name="reason"'))
        assert data["amount"] == "1234567.89"
        saved = client.post(url, {**data, "reason": "复核"})
    assert saved.status_code == 302
    assert SalesTarget.objects.get(pk=target.pk).amount == Decimal("1234567.89")
    assert not TargetChange.objects.filter(target=target).exists()  # nothing changed, nothing recorded


# --- refused actions keep the form -------------------------------------------------------------------


def test_changing_a_locked_target_shows_the_form_again_with_the_message_at_the_amount(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    response = page(org.sup1).post(f"/targets/{target.pk}/change/", {"amount": "1500.00", "reason": "Bigger area"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Cannot do that" not in html and 'name="reason"' in html
    amount = field_block(html, "amount")
    assert "has-error" in amount and "2026-03 touches a closed month" in amount and 'value="1500.00"' in amount
    assert "Bigger area" in field_block(html, "reason")
    assert html.count("2026-03 touches a closed month") == 1  # once, at its field
    assert SalesTarget.objects.get(pk=target.pk).amount == Decimal("1000.00")


def test_changing_a_locked_target_in_chinese_names_the_month(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    client = chinese(page(org.sup1))
    response = client.post(f"/targets/{target.pk}/change/", {"amount": "1500.00", "reason": "扩大区域"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "2026-03 包含已关账的月份" in field_block(html, "amount") and "扩大区域" in html


def test_a_locked_target_offers_no_change_button(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    client = page(org.sup1)
    assert f'href="/targets/{target.pk}/change/"' in client.get(f"/targets/{target.pk}/").content.decode()
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    html = client.get(f"/targets/{target.pk}/").content.decode()
    assert f'href="/targets/{target.pk}/change/"' not in html and "Locked: the month is closed" in html


def test_setting_a_target_in_a_closed_month_keeps_the_input_with_the_message_at_the_period(org, page):
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    response = page(org.sup1).post("/targets/new/", {"period": "2026-03", "employee": org.rep.pk,
                                                       "amount": "4321.00"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "2026-03 touches a closed month" in field_block(html, "period")
    assert 'value="4321.00"' in field_block(html, "amount")
    assert not SalesTarget.objects.exists()


def test_splitting_into_a_closed_month_keeps_the_form_with_the_message_at_the_period(org, page):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    ClosedMonth.objects.create(month=date(2026, 3, 1))
    data = {"period": "2026-03", "org_unit": org.east1.pk, "into": "children", "method": "weighted",
            f"weight_{org.rep.pk}": "1", f"weight_{org.teammate.pk}": "3", "reason": "Q1 reset", "action": "save"}
    response = page(org.sup1).post("/targets/decompose/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "touches a closed month" in field_block(html, "period")
    assert f'name="weight_{org.teammate.pk}" data-key="{org.teammate.pk}" class="weight" inputmode="decimal" value="3"' in html
    assert "Q1 reset" in html and "Cannot do that" not in html
    assert not SalesTarget.objects.filter(employee__isnull=False).exists()


# --- layout -----------------------------------------------------------------------------------------


def test_the_split_preview_sits_above_the_save_button(org, page):
    make_target("2026-03", "1000.00", org_unit=org.east1)
    data = {"period": "2026-03", "org_unit": org.east1.pk, "into": "children", "method": "equal", "action": "preview"}
    for response in (page(org.sup1).get("/targets/decompose/", {"org_unit": org.east1.pk, "period": "2026-03"}),
                     page(org.sup1).post("/targets/decompose/", data)):
        html = response.content.decode()
        form = form_chunk(html, 'id="decompose-form"')
        assert 'id="live-preview"' in form  # inside the form, ...
        assert form.index('id="live-preview"') < form.index('value="save"')  # ... before Save


def test_a_reps_targets_page_carries_the_reps_own_name(org, page):
    make_target("2026-03", "1000.00", employee=org.rep)
    html = page(org.rep).get("/targets/", {"period": "2026-03"}).content.decode()
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert org.rep.name in heading and org.east1.name not in heading
    supervisor = page(org.sup1).get("/targets/", {"period": "2026-03"}).content.decode()
    assert org.east1.name in supervisor.split("<h1>")[1].split("</h1>")[0]


def test_wide_target_tables_scroll_in_their_own_box(org, page):
    target = make_target("2026-03", "1000.00", employee=org.rep)
    client = page(org.sup1)
    for url in ("/targets/?period=2026-03", f"/targets/{target.pk}/", f"/targets/people/{org.rep.pk}/?year=2026"):
        html = client.get(url).content.decode()
        assert re.search(r'<div class="table-wrap"[^>]*><table class="table', html), url
    history = client.get(f"/targets/{target.pk}/").content.decode()
    assert '<div class="table-wrap" tabindex="0" role="region" aria-label="Change history">' in history  # keyboard
