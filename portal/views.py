from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from dashboard.selectors import may_view_dashboard
from teams.scoping import acting_employee
from today.selectors import may_see_today


@login_required
def home(request):
    """The page every role lands on (SPEC §9): a rep's Today, the team dashboard for whoever heads a
    unit (supervisors, managers, the director), and for the others (HR, finance, an employee-less
    admin) a card per navigation entry the role may open. Each app answers who may see its page."""
    if may_view_dashboard(request.user):
        return redirect("dashboard:team")
    if may_see_today(request.user):
        return redirect("today:today")
    return render(request, "home.html", {"employee": acting_employee(request.user)})
