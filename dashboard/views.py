"""The team dashboard page (SPEC §9): the same figures as `dashboard/` in the API, with unit and
month pickers, charts (Chart.js, vendored under static/vendor/) and a table beside every chart."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from common.views import domain_errors
from dashboard import access, selectors
from dashboard.serializers import dashboard_json
from teams.models import OrgUnit
from teams.scoping import heads_subtree_of, scope_for


def _pickable_units(user, unit):
    """The units the picker offers: the user's whole subtree (everything for the director). One query."""
    root = selectors.default_unit(user)
    if root is None:
        return [unit]
    units = OrgUnit.objects.subtree_of(root).only("id", "name", "depth", "path").order_by("path")
    if not scope_for(user).everything:
        units = [u for u in units if heads_subtree_of(user, u)]
    return list(units)


@login_required
@domain_errors
def team_dashboard(request):
    unit = access.unit_from(request.user, request.GET.get("unit"))
    month = access.month_from(request.GET.get("month"))
    data = selectors.team_dashboard(user=request.user, unit=unit, month=month)
    payload = dashboard_json(data)
    return render(request, "dashboard/team.html", {
        "unit": unit, "month": month, "data": data, "units": _pickable_units(request.user, unit),
        "chart_data": {"members": payload["members"], "trend": payload["trend"]},
    })
