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

Rules other apps ask instead of writing their own: `teams.rules` (pure: `is_new_hire`, `is_core`,
`employed_during`, `employed_whole_period`), `teams.selectors` (`employees_employed_during`,
`hr_recipients`, `roll_up_to_units`) and the tree predicates of `teams.scoping` (`unit_within`,
`unit_visible_to`, `heads_subtree_of`, `has_line_authority`, `assignable_owners`) — nobody outside
`teams.scoping` reads `scope.unit_paths` or compares unit paths. A form picks a person with
`teams.forms.EmployeePickerField` / `OwnerPickerField` (type to search, never a 1,000-option select).

Decisions the spec leaves open (also in the README):
* finance sees the employee directory (names, units) so it can process claims; HR sees everything
  about people but no customer data;
* a head's rights come from heading a unit (`OrgUnit.head`), not from the role alone: a supervisor
  who heads no team sees only their own rows;
* a unit's head is replaced in two explicit steps (clear, then name), so a second head is refused;
* an inactive employee signs in to nothing confidential (their scope is empty).

Roles are granted from above (SPEC §13.1), in `teams.services.rights`, which pages, API and admin
all ask (each `ensure_may_*` has a `may_*` twin the forms, templates and the API's
`allowed_changes` are built from): only the director (or a superuser) gives or takes the
director, HR or finance role and moves, deactivates or sets the leaving date of someone holding
one; HR manages everyone else and gives the sales roles below director; nobody changes their own
role, unit, active flag or leaving date; a login is created only with a role its creator may give.

How a refusal answers — one rule, the same on page, API and admin:
* **403** (`NotAllowed`, with the field named in `errors`) when *who is acting* is the problem:
  the same request would succeed for someone else. A role that may not manage people at all, HR
  giving the director role or deactivating finance, anyone changing their own role.
* **400** (naming the field) when *the value* is the problem, whoever sends it: an unknown role, a
  rep in a region, an implausible date, a leaving date before the hire date, a user name or an
  employee number already taken — also when two people take the same one at the same instant.
Pages offer only what `may_*` allows; a forged value reaches the service and gets its 403 page.
In the admin the rights fields one may not change are read-only and other refusals are form errors.
"""
