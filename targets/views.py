"""Target pages: the unit tree with attainment, setting and changing a target, a target's history,
and the decomposition form with its preview. Views validate, call one service or selector, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.limits import ensure_plausible_year
from common.periods import Period
from common.views import domain_errors, form_page
from targets import selectors, services
from targets.forms import DecomposeForm, TargetChangeForm, TargetForm
from targets.models import SalesTarget
from teams.models import Employee, OrgUnit, Role, UnitKind
from teams.scoping import Domain, acting_employee, get_visible_or_404, require_role, scope_for

VIEWING_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP, Role.HR)


def _period_from(request, key: str = "period") -> Period:
    text = request.GET.get(key)
    return Period.parse(text, field=key) if text else Period.of_month(timezone.localdate())


def _default_unit(user) -> OrgUnit | None:
    """Where the tree opens: the unit the user heads, else the root for those who see everything,
    else the user's own unit."""
    employee = acting_employee(user)
    headed = getattr(employee, "headed_unit", None) if employee is not None else None
    if headed is not None:
        return headed
    if scope_for(user).covers_all(Domain.PEOPLE):
        return OrgUnit.objects.filter(parent__isnull=True).first()
    return employee.org_unit if employee is not None else None


#: The most rows the tree page lists at once: deeper levels start collapsed (issue 11: the director's
#: company tree at 1,000 reps stays a page of ~110 rows; a unit is opened on demand).
TREE_ROW_BUDGET = 200


@login_required
@domain_errors
def target_tree(request):
    """The attainment tree of a unit: every level that fits in `TREE_ROW_BUDGET` rows, the units
    below that collapsed (opened in place through `target_tree_rows`, or as their own page by the
    link — which works without JavaScript). The tiles and the difficulty check cover the whole
    subtree."""
    selectors.ensure_may_read_targets(request.user)
    require_role(request.user, *VIEWING_ROLES)
    period = _period_from(request)
    unit_id = request.GET.get("unit")
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id) if unit_id else _default_unit(request.user)
    all_rows = selectors.attainment_rows(user=request.user, unit=unit, period=period) if unit else []
    check = selectors.difficulty_check(user=request.user, unit=unit, period=period, rows=all_rows) if unit else None
    rows = selectors.tree_levels(all_rows, root=unit, max_rows=TREE_ROW_BUDGET) if unit else []
    top = rows[0] if rows and rows[0].kind == "unit" and rows[0].unit.pk == unit.pk else None
    if top is None and len(rows) == 1:  # a rep sees only their own row: it gets the tiles
        top = rows[0]
    # The page is titled with whose numbers it shows: a rep's own name, not their team's.
    heading = top.name if top is not None and top.kind == "employee" else (unit.name if unit else "")
    return render(request, "targets/tree.html", {
        "period": period, "unit": unit, "rows": rows, "top": top, "check": check, "heading": heading,
        "depth_offset": -unit.depth if unit else 0, "collapsed": any(row.collapsed for row in rows),
        "units": OrgUnit.objects.visible_to(request.user).order_by("path"),
        "can_set": services.may_set_targets_at_all(request.user),
        "ancestors": OrgUnit.objects.visible_to(request.user).filter(path__in=unit.ancestor_paths()) if unit else [],
    })


@login_required
@domain_errors
def target_tree_rows(request):
    """The rows one level below a collapsed unit of the tree (its child units and members), as a
    fragment of `<tr>`s the tree page inserts under the unit's row. `root` is the unit the page
    shows (for the indentation)."""
    selectors.ensure_may_read_targets(request.user)
    require_role(request.user, *VIEWING_ROLES)
    period = _period_from(request)
    unit = get_visible_or_404(OrgUnit, request.user, pk=request.GET.get("unit"))
    root = get_visible_or_404(OrgUnit, request.user, pk=request.GET["root"]) if request.GET.get("root") else unit
    rows = selectors.attainment_rows(user=request.user, unit=unit, period=period)
    rows = [row for row in selectors.tree_levels(rows, root=unit, levels=1) if row.depth > unit.depth]
    return render(request, "targets/_tree_rows.html", {
        "rows": rows, "period": period, "unit": root, "depth_offset": -root.depth,
        "can_set": services.may_set_targets_at_all(request.user),
    })


@login_required
@domain_errors
def target_detail(request, pk: int):
    target = get_visible_or_404(SalesTarget.objects.select_related("org_unit", "employee__org_unit"), request.user,
                                pk=pk)
    return render(request, "targets/detail.html", {
        "target": target,
        "history": selectors.target_history(user=request.user, target=target),
        "can_change": services.may_change_target(request.user, target=target),
        "locked": services.target_is_locked(target),
    })


@login_required
@domain_errors
def target_create(request):
    services.ensure_may_set_targets_at_all(request.user)
    initial = {key: request.GET.get(key) for key in ("period", "org_unit", "employee") if request.GET.get(key)}
    form = TargetForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request, form=form, template="targets/target_form.html",
        service=lambda: services.sales_target_create(actor=request.user, **form.cleaned_data),
        success_url=lambda target: reverse("targets:detail", args=[target.pk]),
        success_message=_("The target was set."),
    )


@login_required
@domain_errors
def target_edit(request, pk: int):
    """A refused change (a closed month: 409, no reason: 400) shows this form again, with the
    message at its field and what the user typed."""
    target = get_visible_or_404(SalesTarget.objects.select_related("org_unit", "employee__org_unit"), request.user,
                                pk=pk)
    services.ensure_may_set_target(request.user, org_unit=target.org_unit, employee=target.employee)
    form = TargetChangeForm(request.POST or None, initial={"amount": target.amount})
    return form_page(
        request, form=form, template="targets/change_form.html",
        context={"target": target, "locked": services.target_is_locked(target)},
        service=lambda: services.sales_target_change(actor=request.user, target=target, **form.cleaned_data),
        success_url=reverse("targets:detail", args=[target.pk]),
        success_message=_("The target was changed."),
    )


def _parts_input(request, parts, prefix: str) -> dict | None:
    values = {key: request.POST.get(f"{prefix}_{key}", "").strip() for key, _label in parts}
    return values if any(values.values()) else None


def _decompose_parts(request, form) -> list[tuple[str, str]]:
    """The parts the split takes weights / amounts for: from the posted form once it is valid, else
    from the query string (`?org_unit=&period=&into=`) of the first visit."""
    if request.method == "POST":
        if not form.is_valid():
            return []
        data = form.cleaned_data
        return services.split_parts(org_unit=data["org_unit"], period=data["period"], into=data["into"])
    if not (form.initial.get("org_unit") and form.initial.get("period")):
        return []
    try:
        unit = get_visible_or_404(OrgUnit, request.user, pk=form.initial["org_unit"])
        period = Period.parse(form.initial["period"])
    except ApplicationError:
        return []
    return services.split_parts(org_unit=unit, period=period, into=form.initial.get("into", "children"))


def _decompose_input(request, form, parts) -> dict:
    data = dict(form.cleaned_data)
    data["weights"] = _parts_input(request, parts, "weight")
    data["amounts"] = _parts_input(request, parts, "amount")
    return data


@login_required
@domain_errors
def target_decompose(request):
    """GET shows the form (for `?org_unit=&period=`); POST with `action=save` saves the split (the
    page idiom: a refused split — a closed month: 409, a bad weight: 400 — keeps the form as typed);
    any other POST previews it without saving (200). The page also previews live through the API."""
    services.ensure_may_set_targets_at_all(request.user)
    form = DecomposeForm(request.POST or None, user=request.user, initial={
        key: request.GET.get(key) for key in ("period", "org_unit", "into", "method") if request.GET.get(key)})
    parts = _decompose_parts(request, form)
    context = {
        "parts": [
            {"key": key, "label": label, "weight": request.POST.get(f"weight_{key}", ""),
             "amount": request.POST.get(f"amount_{key}", "")}
            for key, label in parts
        ],
        "methods_for": {into: " ".join(methods) for into, methods in services.METHODS_FOR.items()},
        # a team splits among its reps: "down to the reps" only means something above a team
        "team_ids": " ".join(str(pk) for pk in form.fields["org_unit"].queryset.filter(kind=UnitKind.TEAM)
                             .values_list("pk", flat=True)),
    }
    if request.method == "POST" and request.POST.get("action") == "save":
        def save():
            data = _decompose_input(request, form, parts)
            return services.target_decompose(actor=request.user, **data)

        return form_page(
            request, form=form, template="targets/decompose.html", context=context, service=save,
            success_url=lambda _written: "{}?unit={}&period={}".format(
                reverse("targets:tree"), form.cleaned_data["org_unit"].pk, form.cleaned_data["period"]),
            success_message=_("The target was split and saved."),
        )
    def preview():
        data = _decompose_input(request, form, parts)
        data.pop("reason")
        return services.target_decompose_preview(actor=request.user, **data)

    def show(plan, status=200):
        return render(request, "targets/decompose.html", {
            "form": form, "plan": plan, "plan_total": plan.parts_total if plan else None, **context,
        }, status=status)

    if request.method != "POST":
        return show(None)
    return form_page(request, form=form, template="targets/decompose.html",
                     context={"plan": None, "plan_total": None, **context}, service=preview, on_success=show)


@login_required
@domain_errors
def person_targets(request, pk: int):
    """One person's targets and attainment by month, quarter and year (the drill-down to people)."""
    require_role(request.user, *VIEWING_ROLES)
    employee = get_visible_or_404(Employee.objects.select_related("org_unit"), request.user, pk=pk)
    year_text = request.GET.get("year") or str(timezone.localdate().year)
    if not (year_text.isdigit() and len(year_text) == 4):
        raise ApplicationError(_("Give the year as four digits."), field="year")
    year = int(year_text)
    ensure_plausible_year(year, field="year")
    return render(request, "targets/person.html", {
        "employee": employee, "year": year, "rows": selectors.person_periods(employee=employee, year=year),
    })
