from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("Home"), "home", order=0),
    NavItem(_("Organisation"), "teams:org-chart", order=80),
    NavItem(_("People"), "teams:employee-list", order=81),
    NavItem(_("API"), "api-docs", order=99),
]
