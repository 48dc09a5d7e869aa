from django.utils.translation import gettext_lazy as _

from common.nav import NavItem
from teams.models import Role

SALES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP)
ITEMS = [
    NavItem(_("Customers"), "customers:customer-list", SALES, order=10),
    NavItem(_("Log follow-up"), "customers:followup-create", SALES, order=11),
    NavItem(_("Pipeline"), "customers:opportunity-board", SALES, order=12),
    NavItem(_("Contracts"), "customers:contract-list", (*SALES, Role.FINANCE), order=13),
    NavItem(_("Receivables"), "customers:receivable-list", (*SALES, Role.FINANCE), order=14),
    NavItem(_("Complaints"), "customers:complaint-list", SALES, order=15),
]
