from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("Home"), "home", order=0),
    NavItem(_("API"), "api-docs", order=99),
]
