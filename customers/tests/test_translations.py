"""Issue 9: one catalogue per app, and an English word with two meanings gets two translations
(`pgettext` contexts) instead of whichever catalogue happens to load first."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from customers.models import Channel, CustomerStatus, Stage
from customers.tests.factories import ContractFactory, CustomerFactory, ReceivableFactory

APP = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("catalogue", [APP / "locale", APP.parent / "teams" / "locale"])
def test_the_catalogue_is_complete_and_has_no_fuzzy_entry(catalogue):
    text = (catalogue / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    assert not [entry for entry in entries if "#, fuzzy" in entry]
    untranslated = [entry for entry in entries
                    if entry.rstrip().endswith(('msgstr ""', 'msgstr[0] ""')) and "msgid" in entry]
    assert not untranslated


def test_customers_has_one_catalogue():
    assert not (APP / "locale_pipeline").exists()
    assert [path.name for path in APP.glob("locale*")] == ["locale"]


def test_words_with_two_meanings_have_two_translations():
    with translation.override("zh-hans"):
        assert str(CustomerStatus.LOST.label) == "已流失"  # a customer lost
        assert str(Stage.LOST.label) == "丢单"  # an opportunity lost
        assert str(CustomerStatus.ACTIVE.label) == "活跃客户"
        assert gettext("Active") == "在职"  # an employee's active flag (teams)
        assert str(Channel.EMAIL.label) == "邮件"
        assert pgettext("receivable amount not yet paid", "Open") == "未收"
        assert gettext("Open") != "未收"  # plan statuses and the bonus sheet's Open button are not receivables
        # Catalogues of apps listed earlier (admin, auth, import-export, DRF) win over ours for a bare
        # msgid: New → 新增, Filter → 过滤器, active → 有效. Ours carry a context.
        assert str(CustomerStatus.NEW.label) == "新客户"
        assert pgettext("button", "Filter") == "筛选"
        from customers.models import FollowUp
        from teams.models import Employee

        assert str(FollowUp._meta.get_field("content").verbose_name) == "跟进内容"
        assert str(Employee._meta.get_field("active").verbose_name) == "在职"


@pytest.mark.django_db
def test_chinese_pages_use_the_meaning_of_the_page(org, page, time_machine):
    time_machine.move_to("2026-03-10 10:00 +0800", tick=False)
    customer = CustomerFactory(owner=org.rep, status=CustomerStatus.LOST, name="Acme Trading")
    ReceivableFactory(contract=ContractFactory(customer=customer, signed_on=date(2026, 1, 5)),
                      due_on=date(2026, 2, 5))
    client = page(org.rep)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    listing = client.get(reverse("customers:customer-list")).content.decode()
    assert "已流失" in listing and "丢单" not in listing and "筛选" in listing and "过滤器" not in listing
    receivables = client.get(reverse("customers:receivable-list")).content.decode()
    assert "未收" in receivables
