"""Monthly scorecards (SPEC §4): KPI schemes, scorecards, manager ratings, improvement and coaching
plans. Business rules live in `performance.rules` (pure) and `performance.services` (writes)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy, month_start_constraint
from teams.scoping import Domain, ScopedQuerySet, ScopeRule


class KPICode(models.TextChoices):
    SALES_ATTAINMENT = "sales_attainment", _("Sales attainment")
    NEW_PROSPECTS = "new_prospects", _("New prospects created")
    SATISFACTION = "satisfaction", _("Customer satisfaction")
    COLLECTION_RATE = "collection_rate", _("Collection rate")
    FOLLOWUP_COMPLIANCE = "followup_compliance", _("Follow-up compliance")
    TRAINING_COMPLIANCE = "training_compliance", _("Training compliance")
    TRAINING = "training", _("Training")
    MANAGER_RATING = "manager_rating", _("Line manager's rating")
    RENEWAL_RATE = "renewal_rate", _("Renewal rate")
    COMPLAINT_RATE = "complaint_rate", _("Complaint rate")
    EVENT_ATTENDANCE = "event_attendance", _("Event attendance")
    AVG_DEAL_SIZE = "avg_deal_size", _("Average deal size")


#: Display order of the KPIs on a scorecard (the catalogue, `performance.catalogue`, registers one
#: function per code; a test holds the two equal).
KPI_ORDER = [code.value for code in KPICode]


class SchemeRole(models.TextChoices):
    """The roles that get a monthly scorecard (a subset of `teams.models.Role`)."""

    REP = "rep", _("Rep")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Sales manager")


def weight_field(label):
    return models.PositiveSmallIntegerField(label, default=0)


def _weights_sum_to_100() -> Q:
    first, *others = KPI_ORDER
    total = 100
    for code in others:
        total = total - F(f"w_{code}")
    return Q(**{f"w_{first}": total})


class KPIScheme(models.Model):
    """The KPIs and weights (and scoring parameters) of one role's scorecard, chosen from the KPI
    catalogue (SPEC §4.1). One weight column per catalogue code (0 = not in the scheme), so the
    database itself checks that the weights sum to exactly 100. A scheme used by a published
    scorecard is never edited: changing weights creates the next version (`kpi_scheme_save`)."""

    role = models.CharField(_("role"), max_length=12, choices=SchemeRole.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(pgettext_lazy("KPI scheme", "active"), default=True)

    w_sales_attainment = weight_field(_("sales attainment weight"))
    w_new_prospects = weight_field(_("new prospects weight"))
    w_satisfaction = weight_field(_("satisfaction weight"))
    w_collection_rate = weight_field(_("collection rate weight"))
    w_followup_compliance = weight_field(_("follow-up compliance weight"))
    w_training_compliance = weight_field(_("training compliance weight"))
    w_training = weight_field(_("training weight"))
    w_manager_rating = weight_field(_("manager rating weight"))
    w_renewal_rate = weight_field(_("renewal rate weight"))
    w_complaint_rate = weight_field(_("complaint rate weight"))
    w_event_attendance = weight_field(_("event attendance weight"))
    w_avg_deal_size = weight_field(_("average deal size weight"))

    attainment_cap = models.DecimalField(
        _("attainment score cap"), max_digits=6, decimal_places=2, default=Decimal("120.00"),
        help_text=_("Score = min(attainment %, this cap)."),
    )
    prospects_goal = models.PositiveSmallIntegerField(
        _("new prospects per person per month"), default=5,
        help_text=_("Score = min(count ÷ goal, cap ÷ 100) × 100; a team's goal is this × its reps."),
    )
    prospects_cap = models.DecimalField(
        _("new prospects score cap"), max_digits=6, decimal_places=2, default=Decimal("120.00")
    )
    low_satisfaction_below = models.DecimalField(
        _("low satisfaction below"), max_digits=6, decimal_places=2, default=Decimal("80.00"),
        help_text=_("A mean survey score under this flags the scorecard."),
    )
    complaint_limit = models.DecimalField(
        _("complaint rate limit"), max_digits=6, decimal_places=2, default=Decimal("10.00"),
        help_text=_("Complaints per 100 active customers that score 0: score = 100 × (1 − min(rate ÷ limit, 1))."),
    )
    reference_deal_amount = models.DecimalField(
        _("reference deal amount"), max_digits=14, decimal_places=2, default=Decimal("100000.00"),
        help_text=_("Score = min(mean contract amount ÷ this amount, 1.2) × 100."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["role", "-version"]
        verbose_name = _("KPI scheme")
        verbose_name_plural = _("KPI schemes")
        constraints = [
            models.UniqueConstraint(fields=["role", "version"], name="kpischeme_unique_role_version"),
            models.UniqueConstraint(
                fields=["role"], condition=Q(active=True), name="kpischeme_one_active_per_role"
            ),
            models.CheckConstraint(
                condition=Q(**{f"w_{code}__lte": 100 for code in KPI_ORDER}), name="kpischeme_weight_at_most_100",
            ),
            models.CheckConstraint(condition=_weights_sum_to_100(), name="kpischeme_weights_sum_100"),
            models.CheckConstraint(
                condition=Q(attainment_cap__gt=0, prospects_goal__gt=0, prospects_cap__gt=0, complaint_limit__gt=0,
                            reference_deal_amount__gt=0),
                name="kpischeme_positive_parameters",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} v{self.version}"

    @property
    def weights(self) -> dict[str, int]:
        """Weight per KPI code (only codes with a weight above zero)."""
        return {code: getattr(self, f"w_{code}") for code in KPI_ORDER if getattr(self, f"w_{code}")}


class PerformancePolicy(SingletonPolicy):
    """Configurable plan numbers (SPEC §4.2; one row, defaults in a data migration)."""

    improvement_plan_due_working_days = models.PositiveSmallIntegerField(
        _("improvement plan due (working days after the close)"), default=5
    )
    coaching_after_months = models.PositiveSmallIntegerField(
        _("coaching plan after consecutive months under 100 %"), default=2
    )
    escalate_after_months = models.PositiveSmallIntegerField(
        _("escalation to the manager after consecutive months under 100 %"), default=3
    )

    class Meta:
        verbose_name = _("performance policy")
        verbose_name_plural = _("performance policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(improvement_plan_due_working_days__gte=1, coaching_after_months__gte=1,
                            escalate_after_months__gt=F("coaching_after_months")),
                name="performancepolicy_sane_numbers",
            ),
        ]



class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Flag(models.TextChoices):
    BELOW_TARGET = "below_target", _("Below target")
    LOW_SATISFACTION = "low_satisfaction", _("Low satisfaction")
    COACHING_PLAN = "coaching_plan", _("Coaching plan")
    ESCALATED = "escalated", _("Escalated to the manager")
    UNEXCUSED_ABSENCES = "unexcused_absences", _("Unexcused training absences")
    NO_TRAINING = "no_training", _("No team training this month")


class ScorecardQuerySet(ScopedQuerySet):
    def for_month(self, month):
        return self.filter(month=month.start)


class Scorecard(models.Model):
    """One person's scorecard for one month. `kpis` is a list of
    {code, value, score, weight, has_data, facts, explanation (a phrase)}; `inputs` the figures it
    used; `changes_since_last_draft` the records of `rules.draft_changes` (rendered with
    `explain.change_phrase`); a draft is recomputed at will, a published one never changes
    (`scorecards_publish` at month close)."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    employee = models.ForeignKey(
        "teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="scorecards"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    role = models.CharField(_("role"), max_length=12, choices=SchemeRole.choices)
    org_unit = models.ForeignKey(
        "teams.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The rep's team, or the unit a supervisor/manager heads, when computed."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT)
    composite = models.DecimalField(_("composite score"), max_digits=6, decimal_places=2, null=True, blank=True)
    # Room for any ratio the input bounds allow (SPEC §13.1): an actual up to the 14-digit money
    # columns (< 10^12) over the smallest target (1.00) is < 10^14 %: 14 integer digits + 2 decimals.
    attainment_pct = models.DecimalField(_("attainment %"), max_digits=16, decimal_places=2, null=True, blank=True)
    team_rank = models.PositiveIntegerField(_("team rank"), null=True, blank=True)
    company_rank = models.PositiveIntegerField(_("company rank"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    kpis = models.JSONField(_("KPIs"), default=list, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    scheme = models.ForeignKey(KPIScheme, verbose_name=_("KPI scheme"), on_delete=models.PROTECT, related_name="scorecards")
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    # Phrases (`performance.phrases`), rendered in the reader's language; a plain string on rows
    # stored before explanations were data.
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    changes_since_last_draft = models.JSONField(_("changes since the last draft"), default=list, blank=True)
    unexcused_absences = models.PositiveIntegerField(_("unexcused training absences"), default=0)
    computed_at = models.DateTimeField(_("computed at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "company_rank", "employee__number"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        indexes = [models.Index(fields=["month", "status"], name="scorecard_month_status")]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="scorecard_unique_employee_month"),
            month_start_constraint("month", "scorecard_month_first_day"),
            models.CheckConstraint(
                condition=Q(composite__isnull=True) | Q(composite__gte=0, composite__lte=120),
                name="scorecard_composite_range",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True) | Q(status="published", published_at__isnull=False),
                name="scorecard_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.month:%Y-%m}"

    @property
    def month_label(self) -> str:
        return f"{self.month:%Y-%m}"


class ManagerRating(models.Model):
    """The line manager's 0–100 rating of a person for a month (the `manager_rating` KPI).
    `rated_by` is the rating user (every audit column is a user); "never oneself" is the service's
    check (`manager_rating_set` refuses it), since a user and an employee cannot be compared in SQL."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    employee = models.ForeignKey("teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="ratings")
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated by"), null=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField(_("rated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "employee__number"]
        verbose_name = _("manager rating")
        verbose_name_plural = _("manager ratings")
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="managerrating_unique_employee_month"),
            models.CheckConstraint(condition=Q(rating__gte=0, rating__lte=100), name="managerrating_0_100"),
            month_start_constraint("month", "managerrating_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.month:%Y-%m}: {self.rating}"


class PlanStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("plan status", "Open")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")


class ImprovementPlan(models.Model):
    """Required from a person whose attainment was under 100 % in a month (SPEC §4.2): written by
    them, due 5 working days after the month close, accepted by their line manager."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    employee = models.ForeignKey("teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="improvement_plans")
    month = models.DateField(_("month"), help_text=_("First day of the month under 100 %."))
    scorecard = models.ForeignKey(Scorecard, verbose_name=_("scorecard"), null=True, blank=True, on_delete=models.SET_NULL, related_name="improvement_plans")
    due_on = models.DateField(pgettext_lazy("deadline", "due on"))
    text = models.TextField(pgettext_lazy("improvement plan", "plan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "employee__number"]
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="improvementplan_unique_employee_month"),
            month_start_constraint("month", "improvementplan_month_first_day"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_by__isnull=False), name="improvementplan_accepted_by"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.month:%Y-%m}"

    @property
    def is_overdue(self) -> bool:
        """Not written and past its due date (today, in the project's time zone)."""
        from performance.rules import improvement_plan_overdue

        return improvement_plan_overdue(status=self.status, due_on=self.due_on, today=timezone.localdate())


class CoachingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("plan status", "Open")
    ACTIVE = "active", _("Mentor assigned")
    CLOSED = "closed", _("Closed")


class CoachingPlan(models.Model):
    """Opened after 2 consecutive months under 100 % (the supervisor assigns a mentor and actions);
    escalated to the manager (bottom-performer review) after 3. At most one unclosed plan a person."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    employee = models.ForeignKey("teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="coaching_plans")
    month = models.DateField(_("opened for month"), help_text=_("First day of the month that opened it."))
    mentor = models.ForeignKey("teams.Employee", verbose_name=_("mentor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mentored_plans")
    actions = models.TextField(_("actions"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CoachingStatus.choices, default=CoachingStatus.OPEN)
    consecutive_months = models.PositiveSmallIntegerField(_("consecutive months under 100 %"), default=2)
    escalated_to_manager = models.BooleanField(_("escalated to the manager"), default=False)
    escalated_for_month = models.DateField(_("escalated for month"), null=True, blank=True)
    bonus_reduction_pct = models.DecimalField(
        _("bonus reduction %"), max_digits=5, decimal_places=2, default=Decimal("0.00"),
        help_text=_("Set by the line manager once the plan is escalated: the month's bonus is reduced by this "
                    "percentage while the plan is open and not lifted."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "employee__number"]
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="coachingplan_unique_employee_month"),
            models.UniqueConstraint(
                fields=["employee"], condition=~Q(status="closed"), name="coachingplan_one_unclosed_per_employee"
            ),
            month_start_constraint("month", "coachingplan_month_first_day"),
            models.CheckConstraint(condition=~Q(mentor=F("employee")), name="coachingplan_not_own_mentor"),
            models.CheckConstraint(
                condition=Q(escalated_to_manager=False) | Q(escalated_for_month__isnull=False),
                name="coachingplan_escalation_month",
            ),
            models.CheckConstraint(
                condition=Q(bonus_reduction_pct__gte=0, bonus_reduction_pct__lte=100),
                name="coachingplan_bonus_reduction_0_100",
            ),
            models.CheckConstraint(
                condition=Q(bonus_reduction_pct=0) | Q(escalated_to_manager=True),
                name="coachingplan_reduction_only_escalated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.month:%Y-%m}"


class PlanTransition(models.Model):
    """Every change of a plan's state (who, when, from, to, note)."""

    improvement_plan = models.ForeignKey(ImprovementPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions")
    coaching_plan = models.ForeignKey(CoachingPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(improvement_plan__isnull=True, coaching_plan__isnull=False)
                | Q(improvement_plan__isnull=False, coaching_plan__isnull=True),
                name="plantransition_one_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
