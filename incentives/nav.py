from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("Bonus sheet"), "incentives:sheet-index", roles=("hr", "director", "manager", "supervisor"), order=50),
    NavItem(_("My bonus"), "incentives:my-bonus", roles=("rep", "supervisor", "manager"), order=51),
    NavItem(_("Annual lists"), "incentives:annual", roles=("rep", "supervisor", "manager", "director", "hr"), order=52),
]
