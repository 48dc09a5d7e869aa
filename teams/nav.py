from django.utils.translation import gettext_lazy as _

from common.nav import NavItem

ITEMS = [
    NavItem(_("Organisation"), "teams:org-chart", order=80),
    NavItem(_("People"), "teams:employee-list", order=81),
]
