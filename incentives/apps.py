from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Incentives")

    def ready(self):
        # the employee page shows the promotion marks without teams importing incentives
        from incentives.selectors.awards import MARK_LABELS, promotion_marks
        from teams.profile import register_profile_marks

        register_profile_marks(promotion_marks, labels=MARK_LABELS)
