"""Which customer-side lists a role may read at all (SPEC §1.2). HR never reads customers,
follow-ups, opportunities or surveys; finance reads contracts, receivables and payments but never
follow-ups (nor customers, opportunities, surveys). Such a list answers 403, not an empty list, on
the pages and in the API alike; a single object out of reach stays a 404 (its existence must not
leak). The domains come from each model's `scoping` declaration (`teams.scoping`)."""

from django.utils.translation import gettext as _

from common.exceptions import NotAllowed
from teams.scoping import scope_for


def may_list(user, model) -> bool:
    """Whether the user's role sees any row of `model` at all (a rep sees their own, HR none)."""
    return scope_for(user).sees_domain(model.scoping.domain)


def ensure_may_list(user, model) -> None:
    """403 for a role that may never read `model`'s rows."""
    if not may_list(user, model):
        raise NotAllowed(_("Your role may not read %(things)s.") % {"things": model._meta.verbose_name_plural})
