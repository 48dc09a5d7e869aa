from django.utils.translation import gettext_lazy as _

from common.nav import NavItem
from teams.models import Role

ITEMS = [
    NavItem(_("Targets"), "targets:tree", roles=(Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP, Role.HR),
            order=30),
]
