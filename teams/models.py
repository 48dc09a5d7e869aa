from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy
from teams.scoping import Domain, ScopedQuerySet, ScopeRule, unit_visibility_q


class UnitKind(models.TextChoices):
    COMPANY = "company", _("Company")
    REGION = "region", _("Region")
    TEAM = "team", _("Team")


class Role(models.TextChoices):
    DIRECTOR = "director", _("Sales director")
    MANAGER = "manager", _("Sales manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    REP = "rep", _("Rep")
    HR = "hr", _("HR")
    FINANCE = "finance", _("Finance")


SALES_ROLES = (Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP)
#: The unit kind each sales role sits in; HR and finance may sit anywhere.
ROLE_UNIT_KIND = {
    Role.DIRECTOR: UnitKind.COMPANY,
    Role.MANAGER: UnitKind.REGION,
    Role.SUPERVISOR: UnitKind.TEAM,
    Role.REP: UnitKind.TEAM,
}
#: The parent kind each unit kind requires (a company is the root).
PARENT_KIND = {UnitKind.COMPANY: None, UnitKind.REGION: UnitKind.COMPANY, UnitKind.TEAM: UnitKind.REGION}
#: The role that heads each kind of unit.
HEAD_ROLE = {UnitKind.COMPANY: Role.DIRECTOR, UnitKind.REGION: Role.MANAGER, UnitKind.TEAM: Role.SUPERVISOR}

PATH_STEP = 7  # "0000042/" — seven digits and a slash per level


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: "OrgUnit"):
        """The unit and everything below it, in one indexed prefix query."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user):
        """Everything for the director, HR, finance and admins; otherwise the units a person heads
        (with their subtree), their own unit, and the chain of ancestors above them — the ancestor
        paths are prefixes of the person's own path, so this is still one query."""
        return self.filter(unit_visibility_q(user))


class OrgUnit(models.Model):
    """A node of the organisation: company (root) → region → team. `path` is the materialised path
    of ids ("0000001/0000004/0000009/"), so a subtree is one indexed `LIKE 'prefix%'` query."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.OneToOneField(
        "teams.Employee",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_unit",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_per_parent"),
            models.CheckConstraint(
                condition=Q(kind="company", parent__isnull=True) | Q(parent__isnull=False),
                name="orgunit_only_company_is_root",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_paths(self) -> list[str]:
        step = PATH_STEP + 1
        return [self.path[: i + step] for i in range(0, len(self.path) - step, step)]


class EmployeeQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True)

    def in_subtree(self, unit: "OrgUnit"):
        return self.filter(org_unit__path__startswith=unit.path)


class Employee(models.Model):
    """One per login user. The line manager is derived from the tree (see `teams.selectors`)."""

    scoping = ScopeRule(employee=None, domain=Domain.DIRECTORY)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="employee"
    )
    number = models.CharField(_("employee number"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="members"
    )
    hire_date = models.DateField(_("hire date"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    active = models.BooleanField(pgettext_lazy("employee", "active"), default=True)
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("hire_date")),
                name="employee_left_after_hire",
            ),
            models.CheckConstraint(
                condition=~Q(referred_by=models.F("pk")), name="employee_not_self_referred"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class RoleChange(models.Model):
    """The career path: every role change with its date (rep → supervisor → manager → director)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="role_changes")
    old_role = models.CharField(_("old role"), max_length=12, choices=Role.choices, blank=True)
    new_role = models.CharField(_("new role"), max_length=12, choices=Role.choices)
    old_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    effective_on = models.DateField(_("effective on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.old_role or '—'} → {self.new_role} ({self.effective_on})"


class OrgPolicy(SingletonPolicy):
    """Configurable organisation numbers (a single row; defaults in a data migration; read with
    `OrgPolicy.current()`)."""

    new_hire_days = models.PositiveIntegerField(
        _("new-hire tenure (days)"),
        default=180,
        help_text=_("Employees with tenure under this many days on the first day of a period are new hires."),
    )
    max_future_hire_days = models.PositiveIntegerField(
        _("latest hire date ahead (days)"),
        default=90,
        help_text=_("A hire date may lie at most this many days in the future."),
    )

    class Meta:
        verbose_name = _("organisation policy")
        verbose_name_plural = _("organisation policy")

    def __str__(self) -> str:
        return str(_("Organisation policy"))
