"""In 简体中文, every edit form opened and saved unchanged in a real Chromium changes nothing
(issue 9: the zh-Hans date format emptied `<input type="date">`, so saving an opportunity wiped its
expected close date).

For each form: the browser must accept every date the server rendered (an `<input type="date">`
whose `value` attribute the browser refuses reads as empty); the form is submitted as it is; then
- saved (a redirect): the object's stored fields are what they were, and the form opened again shows
  the same values;
- refused (400/409, e.g. a change that needs a reason): the page shows the form with every value as
  it was, and nothing was stored.
The won-stage form is submitted for real with a contract number and amount: the contract keeps the
signed and start dates the form offered.

The site is the seeded demo behind gunicorn on a copy of its own database (`writable_demo_site`):
the objects are picked with the ORM in a `manage.py shell` there, and their rows read with sqlite3.
"""

import json
import sqlite3
from datetime import date

import pytest
from django.apps import apps
from django.db.models import DateTimeField

from tests.conftest import DEMO_PASSWORD, needs_chromium, shot

pytestmark = [pytest.mark.browser, needs_chromium]

LANGUAGE = "zh-hans"

FORM_VALUES = """form => [...form.elements]
    .filter(e => e.name && e.name !== 'csrfmiddlewaretoken' && e.tagName !== 'BUTTON' && e.type !== 'submit')
    .map(e => [e.name, e.type, (e.type === 'checkbox' || e.type === 'radio') ? String(e.checked)
               : e.multiple ? [...e.selectedOptions].map(o => o.value).join(',') : e.value])"""
REFUSED_DATES = """form => [...form.querySelectorAll('input')]
    .filter(i => ['date', 'datetime-local', 'month', 'week', 'time'].includes(i.type) && i.getAttribute('value') && !i.value)
    .map(i => `${i.name}: value="${i.getAttribute('value')}" refused by the browser`)"""


class Row:
    """One object's row in the demo site's database, read with sqlite3."""

    def __init__(self, database, model_label: str, pk: int):
        self.database, self.model, self.pk = database, apps.get_model(model_label), pk

    def stored(self) -> dict:
        """The columns as stored now, without the ones the database stamps on every save."""
        columns = [field.column for field in self.model._meta.concrete_fields
                   if not (isinstance(field, DateTimeField) and field.auto_now)]
        with sqlite3.connect(self.database) as db:
            values = db.execute(f'SELECT {", ".join(columns)} FROM "{self.model._meta.db_table}" WHERE id = ?',
                                [self.pk]).fetchone()
        assert values is not None, f"{self.model.__name__} {self.pk} is gone"
        return dict(zip(columns, values, strict=True))


#: Run in the demo site (`manage.py shell`): the objects each form edits, picked from the demo data.
PICK_OBJECTS = """
import json
from django.utils import timezone
from customers.models import Customer, Opportunity
from incentives.models import BonusSheet, SheetStatus
from performance.models import CoachingPlan, CoachingStatus, ImprovementPlan, ManagerRating, PlanStatus
from targets.models import SalesTarget
from teams.models import Employee

rep = Employee.objects.get(user__username="rep01")
supervisor = Employee.objects.get(user__username="sup.east1")
open_stages = ["lead", "contacted", "needs_analysis", "proposal", "negotiation"]
opportunities = Opportunity.objects.filter(owner=rep, stage__in=open_stages)
opportunity = opportunities.filter(expected_close_on__isnull=False).order_by("pk").first()
to_win = opportunities.filter(stage="negotiation").exclude(pk=getattr(opportunity, "pk", None)).order_by("amount").first()
target = SalesTarget.objects.filter(employee=rep, period_kind="month", end__gte=timezone.localdate()).order_by("start").first()
team = Employee.objects.filter(org_unit=supervisor.org_unit).exclude(pk=supervisor.pk)
rating = ManagerRating.objects.filter(employee__in=team).order_by("-month", "pk").first()
sheet = BonusSheet.objects.filter(status=SheetStatus.DRAFT).order_by("-month").first()
plans = ImprovementPlan.objects.filter(employee__user__isnull=False).exclude(status=PlanStatus.ACCEPTED)
plan = plans.exclude(text="").order_by("pk").first() or plans.order_by("pk").first()
coaching = CoachingPlan.objects.exclude(status=CoachingStatus.CLOSED).filter(employee__in=team).order_by("pk").first()
pk = lambda obj: obj.pk if obj else None
print(json.dumps({
    "rep": rep.pk, "customer": pk(Customer.objects.filter(owner=rep).order_by("pk").first()),
    "opportunity": pk(opportunity), "to_win": pk(to_win), "target": pk(target),
    "rating": pk(rating), "rating_employee": rating.employee_id if rating else None,
    "rating_month": rating.month.strftime("%Y-%m") if rating else "",
    "sheet_month": sheet.month.strftime("%Y-%m") if sheet else None,
    "plan": pk(plan), "plan_owner": plan.employee.user.username if plan else None, "coaching": pk(coaching),
}))
"""


class Browser:
    def __init__(self, chromium, base):
        self.chromium, self.base, self.pages = chromium, base, {}

    def page_for(self, username: str):
        if username not in self.pages:
            context = self.chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
            context.add_cookies([{"name": "django_language", "value": LANGUAGE, "url": self.base}])
            page = context.new_page()
            page.goto(f"{self.base}/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            assert "/accounts/login/" not in page.url, f"{username} could not sign in"
            self.pages[username] = page
        return self.pages[username]

    def close(self):
        for page in self.pages.values():
            page.context.close()


def _open(page, base, url, selector):
    response = page.goto(f"{base}{url}")
    assert response.status == 200, f"{url}: HTTP {response.status}"
    form = page.locator(selector)
    assert form.count() >= 1, f"{url}: no form {selector!r}"
    return form.first


def round_trip(browser, *, name, username, url, selector, row, may_change=()) -> list[str]:
    """Open, check the dates, submit unchanged, compare. Returns the problems found."""
    page = browser.page_for(username)
    form = _open(page, browser.base, url, selector)
    problems = [f"{name}: {problem}" for problem in form.evaluate(REFUSED_DATES)]
    before_values = form.evaluate(FORM_VALUES)
    before_row = row.stored() if row is not None else None
    if not form.evaluate("form => form.noValidate || form.checkValidity()"):
        return problems  # the browser itself keeps an incomplete form (a required field left empty)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.evaluate("form => form.requestSubmit()")
    status = answer.value.status
    page.wait_for_load_state()
    shot(page, f"roundtrip/{name}")
    if status in (301, 302, 303):
        form = _open(page, browser.base, url, selector)
    elif status not in (400, 409):
        return [*problems, f"{name}: saving unchanged answered HTTP {status}"]
    else:
        form = page.locator(selector).first
    after_values = form.evaluate(FORM_VALUES)
    if after_values != before_values:
        changed = [f"{b[0]}: {b[2]!r} → {a[2]!r}" for b, a in zip(before_values, after_values, strict=False) if a != b]
        problems.append(f"{name} (HTTP {status}): the form's values changed: {', '.join(changed) or after_values}")
    if row is not None:
        after_row = row.stored()
        changed = {key: (before_row[key], after_row[key]) for key in before_row
                   if before_row[key] != after_row[key] and key not in may_change}
        if changed:
            problems.append(f"{name} (HTTP {status}): stored fields changed: {changed}")
    return problems


def won_stage(browser, *, username, opportunity: int, database) -> list[str]:
    """The won-stage form keeps the signed and start dates it offers, all the way into the contract."""
    page = browser.page_for(username)
    url = f"/opportunities/{opportunity}/"
    form = _open(page, browser.base, url, 'form[action$="/move/"]')
    problems = [f"won stage: {problem}" for problem in form.evaluate(REFUSED_DATES)]
    offered = {field: form.locator(f"input[name={field}]").input_value() for field in ("signed_on", "start_on")}
    if not all(offered.values()):
        return [*problems, f"won stage: the form offers no default dates: {offered}"]
    form.locator("select[name=to_stage]").select_option("won")
    form.locator("input[name=number]").fill("RT-ZH-0001")
    form.locator("input[name=contract_amount]").fill("12345.67")
    if not form.locator("input[name=end_on]").input_value():
        start = date.fromisoformat(offered["start_on"])
        form.locator("input[name=end_on]").fill(start.replace(year=start.year + 1).isoformat())
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.evaluate("form => form.requestSubmit()")
    page.wait_for_load_state()
    shot(page, "roundtrip/won-stage")
    status = answer.value.status
    table = apps.get_model("customers.Contract")._meta.db_table
    with sqlite3.connect(database) as db:
        contract = db.execute(f'SELECT signed_on, start_on FROM "{table}" WHERE number = ?', ["RT-ZH-0001"]).fetchone()
    if contract is None:
        # Refused: the dates must still be in the form, as typed.
        kept = {field: page.locator(f'form[action$="/move/"] input[name={field}]').input_value() for field in offered}
        if kept != offered:
            problems.append(f"won stage (HTTP {status}): dates lost: {offered} → {kept}")
        problems.append(f"won stage: moving to won was refused (HTTP {status}): "
                        f"{page.locator('.field-error, .error-box').all_inner_texts()}")
    elif {"signed_on": contract[0], "start_on": contract[1]} != offered:
        problems.append(f"won stage: the contract's dates {contract} are not the offered {offered}")
    return problems


def test_every_edit_form_saved_unchanged_in_chinese_changes_nothing(writable_demo_site, chromium):
    site = writable_demo_site
    picked = json.loads(site.manage("shell", "-c", PICK_OBJECTS, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    for needed in ("customer", "opportunity", "target"):
        assert picked[needed], f"the demo has no {needed} for rep01 to edit: {picked}"

    def row(label, key):
        return Row(site.database, label, picked[key]) if picked[key] else None

    browser = Browser(chromium, site.base)
    problems = []
    try:
        problems += round_trip(browser, name="person edit", username="hr", url=f"/people/{picked['rep']}/edit/",
                               selector="main form.form", row=row("teams.Employee", "rep"))
        problems += round_trip(browser, name="customer edit", username="rep01", url=f"/customers/{picked['customer']}/edit/",
                               selector="main form.form", row=row("customers.Customer", "customer"))
        problems += round_trip(browser, name="opportunity edit", username="rep01", url=f"/opportunities/{picked['opportunity']}/",
                               selector='form[action$="/edit/"]', row=row("customers.Opportunity", "opportunity"))
        if picked["to_win"] is None:
            problems.append("won stage: the demo has no opportunity of rep01 in negotiation to win")
        else:
            problems += won_stage(browser, username="rep01", opportunity=picked["to_win"], database=site.database)
        problems += round_trip(browser, name="target change", username="director", url=f"/targets/{picked['target']}/change/",
                               selector="main form.form", row=row("targets.SalesTarget", "target"))
        if picked["rating"] is None:
            problems.append("rating: the demo has no rating in sup.east1's team")
        else:
            problems += round_trip(
                browser, name="rating", username="sup.east1", url=f"/scorecards/ratings/?month={picked['rating_month']}",
                selector=f'main form:has(input[name=employee][value="{picked["rating_employee"]}"])',
                row=row("performance.ManagerRating", "rating"),
                may_change={"rated_by_id"},  # who rated last: bookkeeping of the save
            )
        if picked["sheet_month"] is None:
            problems.append("adjustment: the demo has no draft bonus sheet")
        else:
            table = apps.get_model("incentives.BonusAdjustment")._meta.db_table

            def adjustments():
                with sqlite3.connect(site.database) as db:
                    return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

            before = adjustments()
            problems += round_trip(browser, name="adjustment", username="hr", url=f"/bonus/{picked['sheet_month']}/",
                                   selector="form#adjustment-form", row=None)
            if adjustments() != before:
                problems.append("adjustment: an unchanged (empty) adjustment form recorded an adjustment")
        if picked["plan"] is None:
            problems.append("improvement plan: the demo has none open")
        else:
            # The owner's form submits the plan: submitting is the action, the text must survive it.
            problems += round_trip(browser, name="improvement plan", username=picked["plan_owner"],
                                   url=f"/plans/improvement/{picked['plan']}/", selector="main form.form",
                                   row=row("performance.ImprovementPlan", "plan"), may_change={"status", "submitted_at"})
        if picked["coaching"] is None:
            problems.append("coaching plan: the demo has none open in sup.east1's team")
        else:
            problems += round_trip(browser, name="coaching plan", username="sup.east1",
                                   url=f"/plans/coaching/{picked['coaching']}/", selector="main form.form",
                                   row=row("performance.CoachingPlan", "coaching"), may_change={"updated_by_id"})
    finally:
        browser.close()
    assert not problems, "\n".join(problems)
