from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

SALES = ("rep", "supervisor", "manager", "director")

ITEMS = [
    NavItem(_("Training"), "training:calendar", roles=(*SALES, "hr"), order=55),
    NavItem(_("My training"), "training:my-results", roles=("rep", "supervisor", "manager"), order=56),
    NavItem(_("Training overview"), "training:overview", roles=("supervisor", "manager", "director", "hr"), order=57),
]
