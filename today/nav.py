from django.utils.translation import gettext_lazy as _

from common.nav import NavItem
from teams.models import SALES_ROLES, Role

ITEMS = [
    NavItem(_("Today"), "today:today", roles=tuple(SALES_ROLES), order=5),
    NavItem(_("Weekly report"), "today:weekly-report", roles=(Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR),
            order=45),
]
