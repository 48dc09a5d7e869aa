"""Pages: my scorecard, team scorecards, rating entry, plans. Views validate, call one service
and render; scoping comes from the selectors and `get_visible_or_404`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.filters import MAX_ID
from common.periods import Period
from common.views import domain_errors, form_page
from performance import selectors, services
from performance.forms import CoachingPlanForm, ImprovementPlanForm, KPISchemeForm, RatingForm
from performance.models import CoachingPlan, ImprovementPlan, KPIScheme, SchemeRole, Scorecard
from teams.models import Employee, Role
from teams.scoping import acting_employee, get_visible_or_404, require_role

TEAM_VIEWERS = (Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.HR)
RATERS = (Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR)


def _month(request) -> Period:
    raw = request.GET.get("month")
    return Period.parse_month(raw) if raw else selectors.default_month(user=request.user)


def _unit_id(request) -> int | None:
    """`?unit=<id>`: a whole number id or nothing (anything else is a 400 naming `unit`)."""
    raw = (request.GET.get("unit") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise ApplicationError(_("Choose a unit from the list."), field="unit")
    return int(raw)


@login_required
@domain_errors
def my_scorecard(request):
    selectors.ensure_may_read_scorecards(request.user)
    me = acting_employee(request.user)
    if me is None:
        return redirect("performance:team-scorecards")
    month = _month(request)
    card = Scorecard.objects.visible_to(request.user).filter(employee=me, month=month.start).first()
    improvement, coaching = selectors.plans_for(user=request.user, employee=me)
    return render(request, "performance/scorecard.html", {
        "month": month, "months": selectors.scorecard_months(user=request.user), "mine": True,
        "subject": me, "shown": selectors.scorecard_display(card) if card else None,
        "improvement_plans": improvement[:6], "coaching_plans": coaching[:3],
    })


@login_required
@domain_errors
def scorecard_detail(request, pk: int):
    card = get_visible_or_404(Scorecard.objects.select_related("employee", "org_unit"), request.user, pk=pk)
    improvement, coaching = selectors.plans_for(user=request.user, employee=card.employee)
    month = Period.of_month(card.month)
    return render(request, "performance/scorecard.html", {
        "month": month, "months": [], "mine": False, "subject": card.employee,
        "shown": selectors.scorecard_display(card),
        "improvement_plans": improvement[:6], "coaching_plans": coaching[:3],
    })


@login_required
@domain_errors
def team_scorecards(request):
    require_role(request.user, *TEAM_VIEWERS)
    month = _month(request)
    shown = selectors.team_scorecards(user=request.user, month=month, unit_id=_unit_id(request),
                                      page=request.GET.get("page"))
    return render(request, "performance/team_scorecards.html", {
        "month": month, "months": selectors.scorecard_months(user=request.user), **shown,
    })


@login_required
@domain_errors
def ratings(request):
    """One small form per person; a refused rating (a closed month: 409, out of range: 400) shows
    the page again with the typed rating and comment in that person's row and the message there."""
    require_role(request.user, *RATERS)
    month = Period.parse_month(request.POST.get("month") or request.GET.get("month") or str(selectors.default_month(user=request.user)))
    form = RatingForm(request.POST or None)

    def save():
        employee = get_visible_or_404(Employee.objects.select_related("org_unit"), request.user,
                                      pk=form.cleaned_data["employee"])
        return services.manager_rating_set(actor=request.user, employee=employee, month=month,
                                           rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])

    sheet = selectors.rating_sheet(user=request.user, month=month, page=request.GET.get("page"))
    rows = sheet.object_list
    posted = str(form.data.get("employee", "")) if form.is_bound else ""
    return form_page(
        request, form=form, template="performance/ratings.html",
        context={"month": month, "rows": rows, "page": sheet, "posted": posted, "locked": services.ratings_locked(month=month),
                 "posted_shown": any(str(row["employee"].pk) == posted for row in rows)},
        service=save, success_url=f"{request.path}?month={month}&page={sheet.number}",
        success_message=lambda rating: _("Rating saved for %(name)s.") % {"name": rating.employee.name},
    )


@login_required
@domain_errors
def plans(request):
    selectors.ensure_may_read_plans(request.user)
    improvement, coaching = selectors.plans_for(user=request.user)
    me = acting_employee(request.user)
    return render(request, "performance/plans.html", {
        "improvement_plans": improvement[:200], "coaching_plans": coaching[:200], "me": me,
    })


@login_required
@domain_errors
def improvement_plan(request, pk: int):
    plan = get_visible_or_404(ImprovementPlan.objects.select_related("employee__org_unit", "accepted_by__employee"), request.user, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "accept":  # a button, offered by can_accept
        services.improvement_plan_accept(plan=plan, actor=request.user)
        messages.success(request, _("Improvement plan accepted."))
        return redirect("performance:improvement-plan", pk=plan.pk)
    form = ImprovementPlanForm(request.POST or None, initial={"text": plan.text})
    return form_page(
        request, form=form, template="performance/improvement_plan.html",
        context={"plan": plan, "can_write": services.may_submit_improvement_plan(plan=plan, actor=request.user),
                 "can_accept": services.may_accept_improvement_plan(plan=plan, actor=request.user)},
        service=lambda: services.improvement_plan_submit(plan=plan, actor=request.user, text=form.cleaned_data["text"]),
        success_url=reverse("performance:improvement-plan", args=[plan.pk]),
        success_message=_("Improvement plan submitted."),
    )


@login_required
@domain_errors
def coaching_plan(request, pk: int):
    plan = get_visible_or_404(CoachingPlan.objects.select_related("employee__org_unit", "mentor"), request.user, pk=pk)
    can_edit = services.may_update_coaching_plan(plan=plan, actor=request.user)
    form = CoachingPlanForm(request.POST or None, user=request.user, plan=plan,
                            initial={"mentor": plan.mentor_id, "actions": plan.actions,
                                     "bonus_reduction_pct": plan.bonus_reduction_pct})
    close = request.POST.get("action") == "close"

    def save():
        if close:
            return services.coaching_plan_update(plan=plan, actor=request.user, close=True)
        return services.coaching_plan_update(plan=plan, actor=request.user, mentor=form.cleaned_data.get("mentor"),
                                             actions=form.cleaned_data.get("actions"),
                                             bonus_reduction_pct=form.cleaned_data.get("bonus_reduction_pct"))

    return form_page(
        request, form=form, template="performance/coaching_plan.html", context={"plan": plan, "can_edit": can_edit},
        service=save, success_url=reverse("performance:coaching-plan", args=[plan.pk]),
        success_message=_("Coaching plan saved."),
    )


@login_required
@domain_errors
def kpi_schemes(request):
    """The KPI schemes of the scored roles (settings, director and HR): the KPIs each weighs."""
    services.ensure_may_edit_kpi_schemes(request.user)
    return render(request, "performance/schemes.html", {"roles": selectors.kpi_schemes_overview()})


@login_required
@domain_errors
def kpi_scheme_edit(request, role: str):
    """A role's next scheme version: the weights of the catalogue KPIs and the scoring parameters.
    Weights not summing to 100 show the page again with the message above the fields (400)."""
    services.ensure_may_edit_kpi_schemes(request.user)
    if role not in SchemeRole.values:
        raise Http404
    current = KPIScheme.objects.filter(role=role, active=True).first()
    form = KPISchemeForm(request.POST or None, scheme=current)

    def save():
        try:
            return services.kpi_scheme_save(role=role, weights=form.weights(), actor=request.user, **form.parameters())
        except ValidationError as exc:  # {"weights": ...} belongs above the weight fields
            if "weights" in exc.message_dict:
                raise ValidationError(exc.message_dict["weights"]) from None
            raise

    return form_page(
        request, form=form, template="performance/scheme_form.html",
        context={"role": role, "role_label": SchemeRole(role).label, "scheme": current,
                 "cancel_url": reverse("performance:kpi-schemes")},
        service=save, success_url=reverse("performance:kpi-schemes"),
        success_message=lambda scheme: _("%(scheme)s is now the active scheme.") % {"scheme": scheme},
    )
