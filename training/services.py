"""Writes of training (SPEC §6). Every `ensure_may_*` has a `may_*` twin the pages and the API ask
before showing a button; the services raise `common.exceptions` errors (400 naming the field, 403,
404, 409) and save nothing when they refuse.

Who does what:
- scheduling a session: a supervisor or above for teams of the subtree they head, HR and the
  director for any team (a rep or finance: 403);
- taking attendance and entering scores: the session's organisers — whoever scheduled it, its
  trainer, HR, the director, or a head of every team it covers;
- recording a certification: HR, the director, or someone above the holder in the tree.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import actor_or_none
from common.exceptions import ApplicationError, Conflict, NotAllowed
from common.limits import ensure_day_in_open_month, ensure_plausible_date
from common.services import model_update
from common.text import ensure_clean_text
from teams.models import Employee, OrgUnit, UnitKind
from teams.scoping import Domain, acting_employee, heads_any_unit, heads_subtree_of, is_above, scope_for
from training import rules, selectors
from training.models import (
    Assessment,
    Attendance,
    AttendanceStatus,
    Category,
    Certification,
    Format,
    TrainingPolicy,
    TrainingSession,
)

SESSION_FIELDS = ("title", "category", "format", "starts_at", "hours", "trainer", "trainer_name", "teams")


# --- who may -----------------------------------------------------------------------------------

def _sees_all_training(user) -> bool:
    return scope_for(user).covers_all(Domain.PEOPLE)


def may_read_training(user) -> bool:
    """Training is people data: everyone in sales, HR and the director read it (scoped); finance never."""
    return scope_for(user).sees_domain(Domain.PEOPLE)


def ensure_may_read_training(user) -> None:
    if not may_read_training(user):
        raise NotAllowed(_("Your role does not see training."))


def may_schedule_sessions(user) -> bool:
    """Whether the user may schedule a session for some team (a head, HR, the director)."""
    return _sees_all_training(user) or heads_any_unit(user)


def ensure_may_schedule_sessions(user) -> None:
    if not may_schedule_sessions(user):
        raise NotAllowed(_("Only supervisors and above, HR and the director schedule training."))


def may_cover_team(user, team: OrgUnit) -> bool:
    return team.kind == UnitKind.TEAM and (_sees_all_training(user) or heads_subtree_of(user, team))


def may_read_overview(user) -> bool:
    """The completion and pass rates by team: HR, the director and heads of units."""
    return may_schedule_sessions(user)


def ensure_may_read_overview(user) -> None:
    if not may_read_overview(user):
        raise NotAllowed(_("Only heads of units, HR and the director see the training overview."))


def may_manage_session(user, session: TrainingSession) -> bool:
    """Whether the user organises `session` (takes attendance, enters scores, edits or cancels it)."""
    if _sees_all_training(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    if session.created_by_id == user.pk:
        return True
    employee = acting_employee(user)
    if employee is not None and session.trainer_id == employee.pk:
        return True
    teams = list(session.teams.all())
    return bool(teams) and all(heads_subtree_of(user, team) for team in teams)


def _organiser_refusal() -> NotAllowed:
    return NotAllowed(_("Only the session's organisers may do this."))


def ensure_may_manage_session(user, session: TrainingSession) -> None:
    if not may_manage_session(user, session):
        raise _organiser_refusal()


def _refusal_to_record(user, session: TrainingSession) -> ApplicationError | None:
    """Why attendance and scores cannot be recorded now (None: they can)."""
    if not may_manage_session(user, session):
        return _organiser_refusal()
    if session.cancelled_at is not None:
        return Conflict(_("The session was cancelled."))
    if selectors.session_day(session) > timezone.localdate():
        return Conflict(_("The session has not started yet: record attendance and scores from its day on."))
    return None


def may_record_results(user, session: TrainingSession) -> bool:
    """Whether the user may take attendance and enter scores of the session now."""
    return _refusal_to_record(user, session) is None


def ensure_may_record_results(user, session: TrainingSession) -> None:
    refusal = _refusal_to_record(user, session)
    if refusal is not None:
        raise refusal


def may_certify(user, employee: Employee) -> bool:
    return _sees_all_training(user) or is_above(user, employee)


def may_certify_anyone(user) -> bool:
    return _sees_all_training(user) or heads_any_unit(user)


def _certifier_refusal() -> NotAllowed:
    return NotAllowed(_("Only HR or someone above the person records their certifications."))


def ensure_may_certify(user, employee: Employee) -> None:
    if not may_certify(user, employee):
        raise _certifier_refusal()


def ensure_may_certify_anyone(user) -> None:
    if not may_certify_anyone(user):
        raise _certifier_refusal()


def may_cancel_session(user, session: TrainingSession) -> bool:
    return (may_manage_session(user, session) and session.cancelled_at is None
            and not session.attendances.exists() and not session.assessments.exists())


# --- sessions ----------------------------------------------------------------------------------

def _clean_title(title) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Give the session a title."), field="title")
    ensure_clean_text(title, field="title")
    return title


def _check_choice(value, choices, *, field: str) -> None:
    if value not in choices.values:
        raise ApplicationError(_("“%(value)s” is not one of the choices.") % {"value": value}, field=field)


def _decimal_within(value, *, low: Decimal, high: Decimal, field: str, message) -> Decimal:
    """A finite number from `low` to `high` with at most 2 decimals, else a 400 naming `field`."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite() or not low <= number <= high or number != number.quantize(
            Decimal("0.01")):
        raise ApplicationError(message, field=field)
    return number


def _check_hours(hours) -> Decimal:
    return _decimal_within(hours, low=Decimal("0.25"), high=Decimal("24"), field="hours",
                           message=_("Give the hours as a number from 0.25 to 24 (2 decimals at most)."))


def _check_starts_at(starts_at) -> None:
    if not isinstance(starts_at, datetime):
        raise ApplicationError(_("Give the date and time the session starts."), field="starts_at")
    ensure_plausible_date(starts_at, field="starts_at")
    ensure_day_in_open_month(timezone.localtime(starts_at) if timezone.is_aware(starts_at) else starts_at,
                             field="starts_at")


def _check_trainer(trainer, trainer_name: str) -> str:
    trainer_name = (trainer_name or "").strip()
    ensure_clean_text(trainer_name, field="trainer_name")
    if trainer is not None and trainer_name:
        raise ApplicationError(_("Name either an employee or an external trainer, not both."), field="trainer_name")
    if trainer is None and not trainer_name:
        raise ApplicationError(_("Name the trainer: an employee or an external trainer."), field="trainer")
    return trainer_name


def _check_teams(actor, teams) -> list[OrgUnit]:
    teams = list(dict.fromkeys(teams or []))
    if not teams:
        raise ApplicationError(_("Pick at least one team."), field="teams")
    for team in teams:
        if not may_cover_team(actor, team):
            raise ApplicationError(
                _("%(unit)s is not a team you may schedule training for.") % {"unit": team.name}, field="teams")
    return teams


@transaction.atomic
def training_session_create(*, actor, title: str, category: str, format: str, starts_at: datetime, hours,
                            teams: list[OrgUnit], trainer: Employee | None = None,
                            trainer_name: str = "") -> TrainingSession:
    """Schedule a session for `teams` (each a team the actor heads a unit above, or any for HR and the
    director; a rep or finance: 403)."""
    ensure_may_schedule_sessions(actor)
    title = _clean_title(title)
    _check_choice(category, Category, field="category")
    _check_choice(format, Format, field="format")
    _check_starts_at(starts_at)
    hours = _check_hours(hours)
    trainer_name = _check_trainer(trainer, trainer_name)
    teams = _check_teams(actor, teams)
    session = TrainingSession.objects.create(
        title=title, category=category, format=format, starts_at=starts_at, hours=hours, trainer=trainer,
        trainer_name=trainer_name, created_by=actor_or_none(actor),
    )
    session.teams.set(teams)
    return session


def _has_results(session: TrainingSession) -> bool:
    return session.attendances.exists() or session.assessments.exists()


@transaction.atomic
def training_session_update(*, actor, session: TrainingSession, data: dict) -> TrainingSession:
    """Change a session's fields (`SESSION_FIELDS`; anything else is a 400 naming it). Once
    attendance or scores are recorded its start and its teams stay as they were (409)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    ensure_may_manage_session(actor, session)
    if session.cancelled_at is not None:
        raise Conflict(_("The session was cancelled."))
    data = dict(data)
    teams = data.pop("teams", None)
    if "title" in data:
        data["title"] = _clean_title(data["title"])
    if "category" in data:
        _check_choice(data["category"], Category, field="category")
    if "format" in data:
        _check_choice(data["format"], Format, field="format")
    if "hours" in data:
        data["hours"] = _check_hours(data["hours"])
    moved = "starts_at" in data and data["starts_at"] != session.starts_at
    if moved:
        _check_starts_at(data["starts_at"])
        _check_starts_at(session.starts_at)  # nor out of a closed month
    if "trainer" in data or "trainer_name" in data:
        data["trainer_name"] = _check_trainer(data.get("trainer", session.trainer),
                                              data.get("trainer_name", session.trainer_name))
        data.setdefault("trainer", session.trainer)
    if teams is not None:
        teams = _check_teams(actor, teams)
        regrouped = {team.pk for team in teams} != set(session.teams.values_list("pk", flat=True))
    else:
        regrouped = False
    if (moved or regrouped) and _has_results(session):
        raise Conflict(_("Attendance or scores are recorded: the start and the teams stay as they are."))
    model_update(instance=session, fields=SESSION_FIELDS, data=data)
    if regrouped:
        session.teams.set(teams)
    return session


@transaction.atomic
def training_session_cancel(*, actor, session: TrainingSession) -> TrainingSession:
    """Cancel a session that has no attendance or score yet (409 otherwise)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    ensure_may_manage_session(actor, session)
    if session.cancelled_at is not None:
        raise Conflict(_("The session was cancelled already."))
    if _has_results(session):
        raise Conflict(_("Attendance or scores are recorded: the session took place."))
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at"])
    return session


# --- attendance and assessments ----------------------------------------------------------------

def _lock_for_recording(actor, session: TrainingSession) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    ensure_may_record_results(actor, session)
    ensure_day_in_open_month(selectors.session_day(session), field="session")
    return session


def _ensure_invitee(session: TrainingSession, employee: Employee) -> None:
    if employee is None or not selectors.is_invitee(session, employee):
        raise ApplicationError(_("This person is not invited to the session."), field="employee")


@transaction.atomic
def attendance_record(*, actor, session: TrainingSession, employee: Employee, status: str) -> Attendance:
    """Record (or change) an invitee's attendance: present, excused or absent (unexcused)."""
    session = _lock_for_recording(actor, session)
    _check_choice(status, AttendanceStatus, field="status")
    _ensure_invitee(session, employee)
    attendance, _created = Attendance.objects.update_or_create(
        session=session, employee=employee, defaults={"status": status, "recorded_by": actor_or_none(actor)},
    )
    return attendance


def _check_score(score) -> Decimal:
    return _decimal_within(score, low=Decimal("0"), high=Decimal("100"), field="score",
                           message=_("Give a score from 0 to 100 (2 decimals at most)."))


@transaction.atomic
def assessment_record(*, actor, session: TrainingSession, employee: Employee, score) -> Assessment:
    """Record an invitee's next attempt: the first, then up to `max_retakes` retakes (a further one is
    a 400 naming `employee`). `passed` is the score against the pass mark; the latest attempt counts."""
    session = _lock_for_recording(actor, session)
    value = _check_score(score)
    _ensure_invitee(session, employee)
    policy = TrainingPolicy.current()
    attempts = Assessment.objects.filter(session=session, employee=employee).count()
    attempt = rules.next_attempt(attempts_so_far=attempts, max_attempts=policy.max_attempts)
    if attempt is None:
        raise ApplicationError(
            _("%(name)s has used all %(count)s attempts of this assessment.")
            % {"name": employee.name, "count": policy.max_attempts},
            field="employee",
        )
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                session=session, employee=employee, score=value, attempt=attempt,
                passed=rules.assessment_passed(value, pass_mark=policy.pass_mark), recorded_by=actor_or_none(actor),
            )
    except IntegrityError:  # a simultaneous entry took this attempt number (no row locks on SQLite)
        raise Conflict(_("Someone recorded a score for this person at the same moment: reload and try again."),
                       field="employee") from None


# --- certifications ----------------------------------------------------------------------------

def _check_certification(name, issued_on, expires_on) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Name the certification."), field="name")
    ensure_clean_text(name, field="name")
    if not isinstance(issued_on, date):
        raise ApplicationError(_("Give the day the certification was issued."), field="issued_on")
    ensure_plausible_date(issued_on, field="issued_on")
    if issued_on > timezone.localdate():
        raise ApplicationError(_("A certification cannot be issued in the future."), field="issued_on")
    if expires_on is not None:
        ensure_plausible_date(expires_on, field="expires_on")
        if expires_on < issued_on:
            raise ApplicationError(_("A certification cannot expire before it was issued."), field="expires_on")
    return name


@transaction.atomic
def certification_create(*, actor, employee: Employee, name: str, issued_on: date,
                         expires_on: date | None = None) -> Certification:
    """Record a certification of `employee` (HR, the director or someone above them; 403 otherwise)."""
    ensure_may_certify(actor, employee)
    name = _check_certification(name, issued_on, expires_on)
    return Certification.objects.create(name=name, employee=employee, issued_on=issued_on, expires_on=expires_on,
                                        recorded_by=actor_or_none(actor))


@transaction.atomic
def certification_update(*, actor, certification: Certification, data: dict) -> Certification:
    ensure_may_certify(actor, certification.employee)
    merged = {"name": certification.name, "issued_on": certification.issued_on,
              "expires_on": certification.expires_on, **data}
    if "name" in data:
        data = {**data, "name": _check_certification(merged["name"], merged["issued_on"], merged["expires_on"])}
    else:
        _check_certification(merged["name"], merged["issued_on"], merged["expires_on"])
    model_update(instance=certification, fields=("name", "issued_on", "expires_on"), data=data)
    return certification


@transaction.atomic
def certification_delete(*, actor, certification: Certification) -> None:
    ensure_may_certify(actor, certification.employee)
    certification.delete()
