from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("Expenses"), "expenses:claims", roles=("rep", "supervisor", "manager", "director"), order=60),
    NavItem(_("Expense approvals"), "expenses:approvals", roles=("finance",), order=60),
]
