"""Issue 9: generated text is data. A row's explanation, what changed since the last draft, the
sheet's history and the notifications are stored as phrases and read in the reader's language —
the same stored row in English for an English reader and in Chinese for a Chinese one, on the
pages, in the API (Accept-Language) and in the export. And the catalogue: the sheet's own words
(工号, 姓名, 方案, the Open button) are the ones that show."""

import importlib
import io
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation

from common.models import Notification
from common.phrases import render
from incentives.models import BonusRow, BonusSheet, BonusSheetTransition
from incentives.services import bonus_adjustment_create, bonus_sheet_approve, bonus_sheet_submit, month_close
from incentives.tests.factories import OCTOBER, row_of
from targets.tests.factories import make_sale

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SHEET = "/bonus/2026-10/"
API = "/api/v1/bonus-sheets/2026-10/"
MO_FILE = __import__("pathlib").Path(__file__).resolve().parents[1] / "locale/zh_Hans/LC_MESSAGES/django.mo"
compiled = pytest.mark.skipif(not MO_FILE.exists(), reason="translations not compiled (manage.py compilemessages)")

ENGLISH_COMMISSION = ("130,000.00 sales on a 100,000.00 target: 40,000.00 × 2 % + 20,000.00 × 4 % "
                      "+ 10,000.00 × 6 % = 2,200.00")
CHINESE_COMMISSION = ("销售目标 100,000.00，实际销售额 130,000.00：40,000.00 × 2 % + 20,000.00 × 4 % "
                      "+ 10,000.00 × 6 % = 2,200.00")


def chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_an_explanation_is_stored_as_a_phrase_not_as_text(org, sheet):
    stored = row_of(sheet, org.rep).explanation["commission"]
    assert stored["id"] == "incentives.commission.marginal"
    assert stored["params"]["heading"]["id"] == "incentives.commission.heading"  # a nested phrase
    assert render(stored) == ENGLISH_COMMISSION


def test_generating_from_a_chinese_page_stores_the_same_language_free_data(org, page, sheet):
    before = list(BonusRow.objects.order_by("pk").values_list("explanation", flat=True))
    response = chinese(page(org.hr)).post(SHEET + "generate/")
    assert response.status_code == 302
    assert list(BonusRow.objects.order_by("pk").values_list("explanation", flat=True)) == before
    assert BonusSheet.objects.get().last_changes["changed"] == 0


@compiled
def test_the_same_row_reads_in_each_readers_language_on_the_sheet(org, page, sheet):
    english = page(org.hr).get(SHEET).content.decode()
    assert ENGLISH_COMMISSION in english
    zh = chinese(page(org.hr)).get(SHEET).content.decode()
    assert CHINESE_COMMISSION in zh
    assert ENGLISH_COMMISSION not in zh and "sales on a" not in zh
    assert "已生成：共 " in zh  # the history's note is a phrase too
    assert "Generated: " not in zh


@compiled
def test_the_same_row_reads_in_each_readers_language_on_my_bonus(org, page, sheet):
    assert ENGLISH_COMMISSION in page(org.rep).get("/my-bonus/").content.decode()
    zh = chinese(page(org.rep)).get("/my-bonus/").content.decode()
    assert CHINESE_COMMISSION in zh and "sales on a" not in zh


@compiled
def test_the_api_renders_explanations_in_the_requesters_accept_language(org, api, sheet):
    english = api(org.hr).get(API, HTTP_ACCEPT_LANGUAGE="en").json()
    zh = api(org.hr).get(API, HTTP_ACCEPT_LANGUAGE="zh-Hans").json()
    rep_en = next(r for r in english["rows"] if r["number"] == "R0001")
    rep_zh = next(r for r in zh["rows"] if r["number"] == "R0001")
    assert rep_en["explanation"]["commission"] == ENGLISH_COMMISSION
    assert rep_zh["explanation"]["commission"] == CHINESE_COMMISSION
    assert all(isinstance(text, str) for text in rep_zh["explanation"].values())
    assert "在 " in rep_zh["explanation"]["top3"] and "排名第 1" in rep_zh["explanation"]["top3"]


@compiled
def test_what_changed_names_the_column_in_the_readers_language(org, page, sheet):
    make_sale(org.rep, 10000, date(2026, 10, 20))
    month_close(month=OCTOBER)
    stored = row_of(BonusSheet.objects.get(), org.rep).changes["changed"]
    assert {"id": "incentives.column.commission"} in [change["params"]["column"] for change in stored]
    english = page(org.hr).get(SHEET).content.decode()
    assert "Commission: 2,200.00 → 2,800.00" in english and "Actual sales: 130,000.00 → 140,000.00" in english
    zh = chinese(page(org.hr)).get(SHEET).content.decode()
    assert "提成：2,200.00 → 2,800.00" in zh and "实际销售额：130,000.00 → 140,000.00" in zh
    assert "达成率：130.00 % → 140.00 %" in zh
    assert "commission:" not in zh.lower()


@compiled
def test_an_adjustment_reads_with_hrs_own_words_in_both_languages(org, page, sheet):
    bonus_adjustment_create(month=OCTOBER, employee=org.teammate, amount="-250.50", reason="Travel advance repaid",
                            actor=org.hr.user)
    row = row_of(BonusSheet.objects.get(), org.teammate)
    assert render(row.explanation["adjustments"]) == "−250.50 (Travel advance repaid) = −250.50"
    with translation.override("zh-hans"):
        assert render(row.explanation["adjustments"]) == "−250.50 (Travel advance repaid)，合计 −250.50"


@compiled
def test_notifications_are_phrases_read_in_the_readers_language(org, sheet):
    note = Notification.objects.get(recipient=org.hr.user, kind="bonus_sheet_ready")
    assert note.message == {"id": "incentives.notify.draft_ready", "params": {"month": "2026-10"}}
    assert note.render() == "The draft bonus sheet of 2026-10 is ready for review."
    with translation.override("zh-hans"):
        assert note.render() == "2026-10 的奖金表草稿已生成，请审核。"
    bonus_sheet_submit(month=OCTOBER, actor=org.hr.user)
    submitted = Notification.objects.get(recipient=org.director.user, kind="bonus_sheet_submitted")
    with translation.override("zh-hans"):
        assert submitted.render() == "2026-10 的奖金表等待你审批。"
    bonus_sheet_approve(month=OCTOBER, actor=org.director.user)
    approved = Notification.objects.get(recipient=org.hr.user, kind="bonus_sheet_approved")
    assert approved.message["id"] == "incentives.notify.approved"


@compiled
def test_the_export_is_in_the_exporters_language(org, page, sheet):
    xlsx = chinese(page(org.hr)).get(SHEET + "export.xlsx")
    worksheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["2026-10"]
    headers = [cell.value for cell in worksheet[1]]
    assert headers[:4] == ["工号", "姓名", "团队", "角色"] and "提成" in headers and headers[-1] == "合计"
    roles = {worksheet.cell(row=r, column=4).value for r in range(2, worksheet.max_row)}
    assert "销售代表" in roles
    assert worksheet.cell(row=worksheet.max_row, column=2).value == "合计"
    csv = chinese(page(org.hr)).get(SHEET + "export.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("工号,姓名,团队,角色")
    english = page(org.hr).get(SHEET + "export.csv").content.decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Employee number,Name,Team,Role")


@compiled
def test_the_sheets_own_words_win_over_other_catalogues(org, page, sheet):
    zh = chinese(page(org.hr)).get(SHEET).content.decode()
    assert "姓名 · 工号" in zh  # not 名称 / 编号 of other catalogues
    index = chinese(page(org.hr)).get("/bonus/").content.decode()
    assert ">打开</button>" in index  # the button, not 未收 (an unpaid receivable)
    from incentives.models import BonusSheet as Model

    with translation.override("zh-hans"):
        assert str(Model._meta.get_field("plan").verbose_name) == "方案"
        assert str(BonusRow._meta.get_field("number").verbose_name) == "工号"
        assert str(BonusRow._meta.get_field("name").verbose_name) == "姓名"


# --- rows and notes stored before phrases ---------------------------------------------------------

def test_rows_stored_as_english_text_still_show(org, page, sheet):
    row = row_of(sheet, org.rep)
    row.explanation = {"commission": "Old English text = 2,200.00"}
    row.save(update_fields=["explanation"])
    assert "Old English text = 2,200.00" in page(org.hr).get(SHEET).content.decode()
    assert "Old English text = 2,200.00" in page(org.rep).get("/my-bonus/").content.decode()


@compiled
def test_the_data_migration_turns_known_old_text_into_phrases(org, sheet):
    migration = importlib.import_module("incentives.migrations.0005_phrases_system_note")
    from django.apps import apps

    generated = BonusSheetTransition.objects.create(
        sheet=sheet, from_status="draft", to_status="draft", note="Generated: 5 rows, 1 added, 0 removed, 2 changed.")
    typed = BonusSheetTransition.objects.create(sheet=sheet, from_status="submitted", to_status="draft", note="fix")
    exported = BonusSheetTransition.objects.create(sheet=sheet, from_status="approved", to_status="exported",
                                                   note="xlsx export")
    row = row_of(sheet, org.rep)
    row.changes = {"commission": ["2200.00", "2800.00"], "attainment": ["130.00", "140.00"], "rank": [None, 1]}
    row.save(update_fields=["changes"])

    migration.system_notes_forward(apps, None)
    migration.row_changes_forward(apps, None)

    generated.refresh_from_db()
    typed.refresh_from_db()
    exported.refresh_from_db()
    row.refresh_from_db()
    assert (generated.note, typed.note, typed.system_note) == ("", "fix", None)
    assert render(generated.system_note) == "Generated: 5 rows, 1 added, 0 removed, 2 changed."
    assert render(exported.system_note) == "Exported as XLSX."
    # PostgreSQL's jsonb does not keep an object's key order: compare the changes as a set.
    assert sorted(render(change) for change in row.changes["changed"]) == sorted([
        "Commission: 2,200.00 → 2,800.00", "Attainment: 130.00 % → 140.00 %", "Rank: — → 1"])
    with translation.override("zh-hans"):
        assert render(generated.system_note).startswith("已生成")
        assert "提成：2,200.00 → 2,800.00" in [render(change) for change in row.changes["changed"]]
