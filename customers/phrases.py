"""The text customers generates, as phrases (`common.phrases`): stored with a notification as an id
and parameters and rendered when read, in the reader's language (SPEC §9). Amounts arrive
formatted (`common.phrases.money_text`); names are plain parameters."""

from django.utils.translation import gettext_lazy as _

from common.phrases import register

#: To the owner's line manager when an opportunity becomes major (SPEC §2.5).
MAJOR_OPPORTUNITY = register(
    "customers.major_opportunity",
    _("Major opportunity: %(name)s (%(customer)s), %(amount)s, owner %(owner)s."),
)
