"""Training (SPEC §6): sessions covering teams, attendance per invitee, assessments with retakes,
certifications, and the configurable numbers of the monthly training rule.

Invitees are *computed*, not stored: the members of the covered teams employed on the session's
day (`training.selectors.session_invitees`), plus anyone already holding an attendance or
assessment row of the session. Why: a session is often scheduled weeks ahead, and a team changes
in between (a hire, a move, a leaver); a stored invitation list would have to follow every such
change, while the computed one does so by itself. Once attendance is taken the recorded rows keep
the people who were there, even if they move team later."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import SingletonPolicy
from teams.scoping import Domain, ScopedQuerySet, ScopeRule, scope_for, unit_visibility_q


class Category(models.TextChoices):
    PRODUCT = "product", _("Product knowledge")
    SALES_SKILLS = "sales_skills", _("Sales skills")
    COMPETITOR = "competitor", _("Competitor analysis")
    OBJECTIONS = "objections", _("Objection handling")
    NEGOTIATION = "negotiation", _("Negotiation")
    TOOLS = "tools", _("Tools")
    COMPLIANCE = "compliance", _("Compliance")


class Format(models.TextChoices):
    INTERNAL = "internal", _("Internal trainer")
    EXTERNAL = "external", _("External expert")
    ONLINE = "online", _("Online")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent (unexcused)")


def teams_in_training_scope(user):
    """The team units whose sessions (and whose people's results) `user` sees, SPEC §1.2: every team
    for HR, the director and admins; for a head the teams of the subtree they head; for everyone
    else their own team; none for finance and anonymous users."""
    from teams.models import OrgUnit, UnitKind

    scope = scope_for(user)
    teams = OrgUnit.objects.filter(kind=UnitKind.TEAM)
    if scope.covers_all(Domain.PEOPLE):
        return teams
    if not scope.sees_domain(Domain.PEOPLE):
        return teams.none()
    return teams.filter(unit_visibility_q(user))


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions covering a team of `teams_in_training_scope(user)`, and those the user
        trains; every session for HR, the director and admins; none for finance."""
        scope = scope_for(user)
        if scope.covers_all(Domain.PEOPLE):
            return self
        if not scope.sees_domain(Domain.PEOPLE):
            return self.none()
        covers = TrainingSession.teams.through.objects.filter(trainingsession_id=OuterRef("pk"),
                                                              orgunit__in=teams_in_training_scope(user))
        return self.filter(Q(Exists(covers)) | Q(trainer_id=scope.employee_id))

    def active(self):
        return self.filter(cancelled_at__isnull=True)


class TrainingSession(models.Model):
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    format = models.CharField(pgettext_lazy("training", "format"), max_length=20, choices=Format.choices)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    trainer = models.ForeignKey(
        "teams.Employee", verbose_name=_("trainer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="trainings_given",
    )
    trainer_name = models.CharField(_("external trainer"), max_length=100, blank=True)
    teams = models.ManyToManyField("teams.OrgUnit", verbose_name=_("teams covered"), related_name="training_sessions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="trainingsession_hours_range"),
            models.CheckConstraint(
                condition=Q(trainer__isnull=False) | ~Q(trainer_name=""), name="trainingsession_has_trainer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def trainer_label(self) -> str:
        return self.trainer.name if self.trainer_id else self.trainer_name


class Attendance(models.Model):
    """One invitee's attendance at one session (present / excused / absent = unexcused)."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    session = models.ForeignKey(TrainingSession, verbose_name=pgettext_lazy("training", "session"), on_delete=models.CASCADE,
                                related_name="attendances")
    employee = models.ForeignKey("teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="training_attendances")
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "employee__number"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "employee"], name="attendance_once_per_session"),
            models.CheckConstraint(condition=Q(status__in=AttendanceStatus.values), name="attendance_known_status"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.employee_id}: {self.status}"


class Assessment(models.Model):
    """One attempt of one invitee at a session's assessment. `attempt` (1 = first, 2–3 retakes) and
    `passed` (score ≥ the pass mark at the time) are set by the service; the latest attempt counts."""

    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    session = models.ForeignKey(TrainingSession, verbose_name=pgettext_lazy("training", "session"), on_delete=models.CASCADE,
                                related_name="assessments")
    employee = models.ForeignKey("teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="training_assessments")
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    passed = models.BooleanField(_("passed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "employee__number", "attempt"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["session", "employee", "attempt"], name="assessment_attempt_once"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="assessment_score_range"),
            models.CheckConstraint(condition=Q(attempt__gte=1, attempt__lte=10), name="assessment_attempt_range"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.employee_id} #{self.attempt}: {self.score}"


class Certification(models.Model):
    scoping = ScopeRule(employee="employee", domain=Domain.PEOPLE)

    name = models.CharField(_("name"), max_length=200)
    employee = models.ForeignKey("teams.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="certifications")
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["employee__number", "-issued_on", "-id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="certification_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"


class TrainingPolicy(SingletonPolicy):
    """The configurable numbers of training (one row; defaults in a data migration)."""

    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=5, decimal_places=2, default=Decimal("80.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("An assessment passes with a score at or above this."),
    )
    max_retakes = models.PositiveSmallIntegerField(
        _("retakes allowed"), default=2, validators=[MaxValueValidator(9)],
        help_text=_("Attempts after the first one; the latest attempt counts."),
    )
    expiry_notice_days = models.PositiveSmallIntegerField(
        _("certification expiry notice (days)"), default=30,
        help_text=_("The holder and their line manager are told this many days before a certification expires."),
    )
    reminder_day = models.PositiveSmallIntegerField(
        _("monthly reminder day"), default=20, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("From this day of the month, the supervisor of a team with no session in the month is reminded."),
    )

    class Meta:
        verbose_name = _("training policy")
        verbose_name_plural = _("training policy")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__gte=0, pass_mark__lte=100), name="trainingpolicy_pass_mark"),
            models.CheckConstraint(condition=Q(reminder_day__gte=1, reminder_day__lte=28),
                                   name="trainingpolicy_reminder_day"),
        ]

    @property
    def max_attempts(self) -> int:
        return 1 + self.max_retakes
