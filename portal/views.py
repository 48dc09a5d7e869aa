from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from teams.scoping import acting_employee


@login_required
def home(request):
    """The page every role lands on: a card per navigation entry the role may open."""
    return render(request, "home.html", {"employee": acting_employee(request.user)})
