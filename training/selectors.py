"""Reads of training. The month figures (`latest_assessment_means`, `present_employee_ids`,
`unexcused_absences_by_employee`, `teams_without_session`) are company-wide inputs of the monthly
scorecard (performance reads them): set-based, one query each whatever the number of rows. The
user-facing reads start from `visible_to(user)`."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from common.periods import Period
from teams.models import Employee, OrgUnit, UnitKind
from teams.selectors import employed_during_q
from training import rules
from training.models import (
    Assessment,
    Attendance,
    AttendanceStatus,
    Certification,
    TrainingSession,
    teams_in_training_scope,
)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def month_bounds(month: Period) -> tuple[datetime, datetime]:
    """[start, end) of a month as aware datetimes in the local time zone."""
    return _start_of(month.start), _start_of(month.end + timedelta(days=1))


def session_day(session: TrainingSession) -> date:
    """The local day a session starts on (the day its invitees are counted)."""
    return timezone.localtime(session.starts_at).date()


def sessions_in_month(month: Period):
    """The sessions (not cancelled) starting in the month: those held, and those still scheduled."""
    start, end = month_bounds(month)
    return TrainingSession.objects.active().filter(starts_at__gte=start, starts_at__lt=end)


def _latest_attempts():
    """Assessments that are the latest attempt of their employee at their session."""
    later = Assessment.objects.filter(session_id=OuterRef("session_id"), employee_id=OuterRef("employee_id"),
                                      attempt__gt=OuterRef("attempt"))
    return Assessment.objects.filter(~Exists(later))


# --- Inputs of the monthly scorecard (consumer: performance) ---------------------------------------

def latest_assessment_means(*, month: Period) -> dict[int, Decimal]:
    """Per employee id: the mean of their latest-attempt scores over the sessions of the month
    (2 decimals, half-up). An employee without an assessment in the month is absent (no data)."""
    rows = (
        _latest_attempts().filter(session__in=sessions_in_month(month))
        .values("employee_id").annotate(total=Sum("score"), count=Count("id")).order_by()
    )
    return {row["employee_id"]: rules.mean_score(total=Decimal(row["total"]), count=row["count"]) for row in rows}


def present_employee_ids(*, month: Period) -> set[int]:
    """Employees recorded `present` at at least one session of the month."""
    return set(
        Attendance.objects.filter(session__in=sessions_in_month(month), status=AttendanceStatus.PRESENT)
        .values_list("employee_id", flat=True).distinct()
    )


def unexcused_absences_by_employee(*, month: Period) -> dict[int, int]:
    """Per employee id: the sessions of the month they were recorded `absent` at (unexcused).
    Employees with none are absent from the answer."""
    rows = (
        Attendance.objects.filter(session__in=sessions_in_month(month), status=AttendanceStatus.ABSENT)
        .values("employee_id").annotate(count=Count("id")).order_by()
    )
    return {row["employee_id"]: row["count"] for row in rows}


def teams_without_session(*, month: Period) -> set[int]:
    """Ids of the team units that no session (held or scheduled, not cancelled) starting in the
    month covers — the monthly training rule's breaches (SPEC §6)."""
    covered = TrainingSession.teams.through.objects.filter(
        orgunit_id=OuterRef("pk"), trainingsession__in=sessions_in_month(month),
    )
    return set(OrgUnit.objects.filter(kind=UnitKind.TEAM).filter(~Exists(covered)).values_list("pk", flat=True))


# --- Sessions and their invitees -----------------------------------------------------------------

def session_invitees_q(session: TrainingSession) -> Q:
    """Who is invited to `session`: the members of its teams employed on its day, and anyone already
    holding an attendance or assessment row of it (they stay on its roster after a move)."""
    day = session_day(session)
    recorded = Q(training_attendances__session=session) | Q(training_assessments__session=session)
    members = Q(org_unit__in=session.teams.all()) & employed_during_q(day, day)
    return members | Q(pk__in=Employee.objects.filter(recorded).values("pk"))


def session_invitees(session: TrainingSession):
    return Employee.objects.filter(session_invitees_q(session)).select_related("org_unit").order_by("number")


def is_invitee(session: TrainingSession, employee: Employee) -> bool:
    return Employee.objects.filter(session_invitees_q(session), pk=employee.pk).exists()


def sessions_for(*, user, month: Period | None = None, team: OrgUnit | None = None):
    """The sessions the user sees (the training calendar), soonest first, with their teams."""
    sessions = TrainingSession.objects.visible_to(user)
    if month is not None:
        start, end = month_bounds(month)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    if team is not None:
        sessions = sessions.filter(teams=team)
    return (
        sessions.select_related("trainer")
        .prefetch_related(Prefetch("teams", queryset=OrgUnit.objects.order_by("name")))
        .order_by("starts_at", "id")
    )


def roster(*, user, session: TrainingSession, whole: bool = False) -> list[dict]:
    """The session's roster: every invitee when `whole` (the session's organisers, who take its
    attendance — `training.services.may_manage_session`), else the invitees the user sees (a rep:
    their own row). Each row: employee, attendance (or None), attempts (list, oldest first), latest
    (or None). Three queries whatever the number of invitees."""
    people = session_invitees(session)
    if not whole:
        people = people.filter(pk__in=Employee.objects.visible_to(user).values("pk"))
    people = list(people)
    ids = [person.pk for person in people]
    attendance = {a.employee_id: a for a in Attendance.objects.filter(session=session, employee_id__in=ids)}
    attempts: dict[int, list[Assessment]] = {}
    for assessment in Assessment.objects.filter(session=session, employee_id__in=ids).order_by("attempt"):
        attempts.setdefault(assessment.employee_id, []).append(assessment)
    return [
        {
            "employee": person,
            "attendance": attendance.get(person.pk),
            "attempts": attempts.get(person.pk, []),
            "latest": (attempts.get(person.pk) or [None])[-1],
        }
        for person in people
    ]


# --- Results, certifications and the HR overview -------------------------------------------------

def results_for(*, user, employee: Employee):
    """The employee's latest assessment per session (newest session first), as the user may see."""
    return (
        _latest_attempts().filter(employee=employee).filter(pk__in=Assessment.objects.visible_to(user).values("pk"))
        .select_related("session").order_by("-session__starts_at", "-id")
    )


def attendances_for(*, user, employee: Employee):
    return (
        Attendance.objects.visible_to(user).filter(employee=employee)
        .select_related("session").order_by("-session__starts_at", "-id")
    )


def certifications_for(*, user, employee: Employee | None = None):
    certifications = Certification.objects.visible_to(user).select_related("employee")
    if employee is not None:
        certifications = certifications.filter(employee=employee)
    return certifications.order_by("expires_on", "name", "id")


def team_overview(*, user, month: Period) -> list[dict]:
    """Completion and pass rates of the month per team the user sees (SPEC §6, HR's overview):

    - `sessions`: sessions (not cancelled) of the month covering the team;
    - `members`: members of the team employed during the month;
    - `present`: members present at at least one session of the month; `completion_pct` = present ÷
      members × 100 (None with no members);
    - `assessed` / `passed`: latest attempts of the month's sessions of the team's members, and how
      many of them passed; `pass_pct` = passed ÷ assessed × 100 (None when nobody was assessed);
    - `absences`: unexcused absences of the team's members.

    Four queries whatever the number of teams."""
    from common.money import percent

    teams = list(teams_in_training_scope(user).order_by("path"))
    team_ids = [team.pk for team in teams]
    month_sessions = sessions_in_month(month)
    session_counts = dict(
        TrainingSession.teams.through.objects.filter(orgunit_id__in=team_ids, trainingsession__in=month_sessions)
        .values("orgunit_id").annotate(count=Count("id")).values_list("orgunit_id", "count")
    )
    member_counts = dict(
        Employee.objects.filter(org_unit_id__in=team_ids).filter(employed_during_q(month.start, month.end))
        .values("org_unit_id").annotate(count=Count("id")).values_list("org_unit_id", "count")
    )
    attendance = {
        row["employee__org_unit_id"]: row
        for row in Attendance.objects.filter(session__in=month_sessions, employee__org_unit_id__in=team_ids)
        .values("employee__org_unit_id")
        .annotate(present=Count("employee_id", filter=Q(status=AttendanceStatus.PRESENT), distinct=True),
                  absences=Count("id", filter=Q(status=AttendanceStatus.ABSENT)))
        .order_by()
    }
    assessed = {
        row["employee__org_unit_id"]: row
        for row in _latest_attempts().filter(session__in=month_sessions, employee__org_unit_id__in=team_ids)
        .values("employee__org_unit_id")
        .annotate(assessed=Count("id"), passed=Count("id", filter=Q(passed=True)))
        .order_by()
    }
    rows = []
    for team in teams:
        members = member_counts.get(team.pk, 0)
        present = attendance.get(team.pk, {}).get("present", 0)
        scored = assessed.get(team.pk, {})
        rows.append({
            "team": team,
            "sessions": session_counts.get(team.pk, 0),
            "members": members,
            "present": present,
            "completion_pct": percent(present, members),
            "assessed": scored.get("assessed", 0),
            "passed": scored.get("passed", 0),
            "pass_pct": percent(scored.get("passed", 0), scored.get("assessed", 0)),
            "absences": attendance.get(team.pk, {}).get("absences", 0),
        })
    return rows


def certifications_expiring(*, today: date, notice_days: int):
    """Certifications whose expiry notice day (`expires_on − notice_days`) has come and that have not
    expired more than `notice_days` ago (catch-up window; older news is not news)."""
    return (
        Certification.objects.filter(
            expires_on__isnull=False,
            expires_on__lte=today + timedelta(days=notice_days),
            expires_on__gte=today - timedelta(days=notice_days),
            employee__active=True,
        )
        .select_related("employee__user", "employee__org_unit")
        .order_by("expires_on", "id")
    )
