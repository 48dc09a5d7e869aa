from django.utils.translation import gettext_lazy as _

from common.nav import NavItem
from teams.models import Role

ITEMS = [
    NavItem(_("Events"), "events:event-list", (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP), order=16),
]
