"""The text expenses generates, as phrases (`common.phrases`), rendered in the reader's language.
Amounts are formatted before they become parameters ("1,200.00"). Ids are stored: rename one only
with a data migration."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

register("expenses.notify.submitted", _("%(name)s submitted an expense claim of %(amount)s for your approval."))
register("expenses.notify.approved", _("Your expense claim of %(amount)s (%(purpose)s) was approved by finance."))
register("expenses.notify.rejected",
         _("Your expense claim of %(amount)s (%(purpose)s) was rejected: %(reason)s. Correct it and submit it again."))
register("expenses.notify.paid", _("Your expense claim of %(amount)s (%(purpose)s) was paid."))
