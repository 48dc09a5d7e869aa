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
"""

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import DateTimeField
from django.utils import timezone

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


def stored(instance) -> dict:
    """The object's columns as stored now, without the ones the database stamps on every save."""
    instance.refresh_from_db()
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
            if not (isinstance(field, DateTimeField) and field.auto_now)}


class Browser:
    def __init__(self, chromium, base):
        self.chromium, self.base, self.pages = chromium, base, {}

    def page_for(self, username: str):
        if username not in self.pages:
            context = self.chromium.new_context(viewport={"width": 390, "height": 844}, locale=LANGUAGE)
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


def round_trip(browser, *, name, username, url, selector, instance, may_change=()) -> list[str]:
    """Open, check the dates, submit unchanged, compare. Returns the problems found."""
    page = browser.page_for(username)
    form = _open(page, browser.base, url, selector)
    problems = [f"{name}: {problem}" for problem in form.evaluate(REFUSED_DATES)]
    before_values = form.evaluate(FORM_VALUES)
    before_row = stored(instance) if instance is not None else None
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
    if instance is not None:
        after_row = stored(instance)
        changed = {key: (before_row[key], after_row[key]) for key in before_row
                   if before_row[key] != after_row[key] and key not in may_change}
        if changed:
            problems.append(f"{name} (HTTP {status}): stored fields changed: {changed}")
    return problems


def won_stage(browser, *, username, opportunity) -> list[str]:
    """The won-stage form keeps the signed and start dates it offers, all the way into the contract."""
    from customers.models import Contract

    page = browser.page_for(username)
    url = f"/opportunities/{opportunity.pk}/"
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
    contract = Contract.objects.filter(number="RT-ZH-0001").first()
    if contract is None:
        # Refused: the dates must still be in the form, as typed.
        kept = {field: page.locator(f'form[action$="/move/"] input[name={field}]').input_value() for field in offered}
        if kept != offered:
            problems.append(f"won stage (HTTP {status}): dates lost: {offered} → {kept}")
        problems.append(f"won stage: moving to won was refused (HTTP {status}): "
                        f"{page.locator('.field-error, .error-box').all_inner_texts()}")
    elif {"signed_on": contract.signed_on.isoformat(), "start_on": contract.start_on.isoformat()} != offered:
        problems.append(f"won stage: the contract's dates {contract.signed_on}, {contract.start_on} are not the "
                        f"offered {offered}")
    return problems


@pytest.mark.django_db(transaction=True)
def test_every_edit_form_saved_unchanged_in_chinese_changes_nothing(live_server, chromium):
    from customers.models import Customer, Opportunity
    from incentives.models import BonusAdjustment, BonusSheet, SheetStatus
    from performance.models import CoachingPlan, CoachingStatus, ImprovementPlan, ManagerRating, PlanStatus
    from targets.models import SalesTarget
    from teams.models import Employee

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    rep = Employee.objects.get(user__username="rep01")
    supervisor = Employee.objects.get(user__username="sup.east1")
    browser = Browser(chromium, live_server.url)
    problems = []
    try:
        problems += round_trip(browser, name="person edit", username="hr", url=f"/people/{rep.pk}/edit/",
                               selector="main form.form", instance=rep)

        customer = Customer.objects.filter(owner=rep).order_by("pk").first()
        problems += round_trip(browser, name="customer edit", username="rep01", url=f"/customers/{customer.pk}/edit/",
                               selector="main form.form", instance=customer)

        open_opportunities = Opportunity.objects.filter(owner=rep, stage__in=["lead", "contacted", "needs_analysis",
                                                                               "proposal", "negotiation"])
        opportunity = open_opportunities.filter(expected_close_on__isnull=False).order_by("pk").first()
        assert opportunity is not None, "the demo has an open opportunity with an expected close date"
        problems += round_trip(browser, name="opportunity edit", username="rep01", url=f"/opportunities/{opportunity.pk}/",
                               selector='form[action$="/edit/"]', instance=opportunity)

        to_win = open_opportunities.filter(stage="negotiation").exclude(pk=opportunity.pk).order_by("amount").first()
        if to_win is None:
            problems.append("won stage: the demo has no opportunity of rep01 in negotiation to win")
        else:
            problems += won_stage(browser, username="rep01", opportunity=to_win)

        target = (SalesTarget.objects.filter(employee=rep, period_kind="month", end__gte=timezone.localdate())
                  .order_by("start").first())
        assert target is not None, "the demo has a target of rep01 for the running month or later"
        problems += round_trip(browser, name="target change", username="director", url=f"/targets/{target.pk}/change/",
                               selector="main form.form", instance=target)

        rating = ManagerRating.objects.filter(employee__in=Employee.objects.filter(org_unit=supervisor.org_unit)
                                              .exclude(pk=supervisor.pk)).order_by("-month", "pk").first()
        month = rating.month.strftime("%Y-%m") if rating else ""
        problems += round_trip(
            browser, name="rating", username="sup.east1", url=f"/scorecards/ratings/?month={month}",
            selector=f'main form:has(input[name=employee][value="{rating.employee_id}"])' if rating else "main form.inline",
            instance=rating, may_change={"rated_by_id"},  # who rated last: bookkeeping of the save
        )

        sheet = BonusSheet.objects.filter(status=SheetStatus.DRAFT).order_by("-month").first()
        if sheet is None:
            problems.append("adjustment: the demo has no draft bonus sheet")
        else:
            adjustments = BonusAdjustment.objects.count()
            problems += round_trip(browser, name="adjustment", username="hr", url=f"/bonus/{sheet.month:%Y-%m}/",
                                   selector="form#adjustment-form", instance=None)
            if BonusAdjustment.objects.count() != adjustments:
                problems.append("adjustment: an unchanged (empty) adjustment form recorded an adjustment")

        plans = ImprovementPlan.objects.filter(employee__user__isnull=False).exclude(status=PlanStatus.ACCEPTED)
        plan = plans.exclude(text="").order_by("pk").first() or plans.order_by("pk").first()
        if plan is None:
            problems.append("improvement plan: the demo has none open")
        else:
            # The owner's form submits the plan: submitting is the action, the text must survive it.
            problems += round_trip(browser, name="improvement plan", username=plan.employee.user.username,
                                   url=f"/plans/improvement/{plan.pk}/", selector="main form.form", instance=plan,
                                   may_change={"status", "submitted_at"})

        coaching = CoachingPlan.objects.exclude(status=CoachingStatus.CLOSED).filter(
            employee__org_unit=supervisor.org_unit).exclude(employee=supervisor).order_by("pk").first()
        if coaching is None:
            problems.append("coaching plan: the demo has none open in sup.east1's team")
        else:
            problems += round_trip(browser, name="coaching plan", username="sup.east1",
                                   url=f"/plans/coaching/{coaching.pk}/", selector="main form.form", instance=coaching,
                                   may_change={"updated_by_id"})
    finally:
        browser.close()
    assert not problems, "\n".join(problems)
