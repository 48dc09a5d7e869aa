"""The organisation: the org tree (company → region → team, each with a head), the people in it,
their career history, and **the scoping mechanism every other app reuses** (`teams.scoping`).

How a new confidential model plugs in (two lines on the model, nothing in views):

    from teams.scoping import Domain, ScopedQuerySet, ScopeRule

    class ExpenseClaim(models.Model):
        scoping = ScopeRule(employee="claimant", domain=Domain.EXPENSES)
        objects = ScopedQuerySet.as_manager()

Then selectors read `ExpenseClaim.objects.visible_to(user)`, a page or API detail fetches
`get_visible_or_404(ExpenseClaim, user, pk=pk)` (404 out of scope), a role that may never act is
refused with `require_role(user, Role.FINANCE, ...)` (403), and rights over a person go through
`is_above(user, employee)` (never oneself). API viewsets subclass `common.api.ScopedModelViewSet`,
which calls `visible_to` for you. Rows that belong to a unit rather than a person (a budget) use a
custom `visible_to` on their queryset built on `OrgUnit.path`, as `OrgUnitQuerySet` does.

Decisions the spec leaves open (also in the README):
* finance sees the employee directory (names, units) so it can process claims; HR sees everything
  about people but no customer data;
* a head's rights come from heading a unit (`OrgUnit.head`), not from the role alone: a supervisor
  who heads no team sees only their own rows;
* a unit's head is replaced in two explicit steps (clear, then name), so a second head is refused;
* an inactive employee signs in to nothing confidential (their scope is empty).
"""
