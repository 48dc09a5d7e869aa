from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("My scorecard"), "performance:my-scorecard", roles=("rep", "supervisor", "manager"), order=40),
    NavItem(_("Team scorecards"), "performance:team-scorecards", roles=("supervisor", "manager", "director", "hr"), order=41),
    NavItem(_("Ratings"), "performance:ratings", roles=("supervisor", "manager", "director"), order=42),
    NavItem(_("Plans"), "performance:plans", roles=("rep", "supervisor", "manager", "director", "hr"), order=43),
    NavItem(_("KPI schemes"), "performance:kpi-schemes", roles=("director", "hr"), order=44),
]
