from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("Notifications"), "alerts:inbox", order=90),
]
