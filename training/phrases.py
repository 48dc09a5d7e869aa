"""Text training generates (alert items), as phrases rendered in the reader's language."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

CERTIFICATION_EXPIRING = register(
    "training.item.certification_expiring",
    _("%(employee)s: the certification %(name)s expires on %(expires)s."),
)
NO_SESSION_THIS_MONTH = register(
    "training.item.no_session",
    _("%(team)s has no training session scheduled in %(month)s: every team needs at least one a month."),
)
