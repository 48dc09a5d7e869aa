"""Demo data for training: six months of sessions per team (twelve in the large data set), the
attendance of each held session with a few excused and unexcused absences, assessments with some
retakes, and certifications, a few of them expiring within the month. This month: most teams have a
session done or scheduled, one team none yet (the 20th's reminder and the scorecard's flag have
something to show). Rows are written in bulk (`common.demo.bulk_insert`), no per-row saves."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from common.demo import bulk_insert
from common.periods import Period, add_months
from teams.models import Employee, OrgUnit, Role, UnitKind
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

if TYPE_CHECKING:
    from portal.demo import DemoContext

SMALL_MONTHS = 6
LARGE_MONTHS = 12

TITLES = {
    Category.PRODUCT: ["New product line walkthrough", "Product knowledge refresher"],
    Category.SALES_SKILLS: ["Consultative selling", "Closing techniques"],
    Category.COMPETITOR: ["Competitor landscape"],
    Category.OBJECTIONS: ["Handling price objections"],
    Category.NEGOTIATION: ["Negotiating renewals"],
    Category.TOOLS: ["Getting the most out of SalesOps"],
    Category.COMPLIANCE: ["Anti-bribery and gifts policy"],
}
EXTERNAL_TRAINERS = ["Dr. Wang Li", "Prof. Chen Hui", "Ms. Sarah Lin"]
CERTIFICATIONS = ["Product specialist", "Key account management", "Compliance essentials"]


def _aware(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(ctx: DemoContext) -> None:
    teams = list(OrgUnit.objects.filter(kind=UnitKind.TEAM).select_related("head").order_by("path"))
    if not teams:
        return
    members = {}
    for person in Employee.objects.filter(org_unit__kind=UnitKind.TEAM, active=True).order_by("number"):
        members.setdefault(person.org_unit_id, []).append(person)
    organisers = get_user_model().objects.in_bulk({team.head.user_id for team in teams if team.head_id})
    policy = TrainingPolicy.current()
    months = LARGE_MONTHS if ctx.large else SMALL_MONTHS
    this_month = Period.of_month(ctx.today)
    first_month = Period.of_month(add_months(this_month.start, -(months - 1)))

    sessions, covers = [], []
    categories = list(TITLES)
    for index, team in enumerate(teams):
        month = first_month
        while month <= this_month:
            if month == this_month and index == len(teams) - 1:
                break  # one team has nothing this month yet
            day = month.start + timedelta(days=ctx.rng.randint(2, 25))
            if month == this_month and index % 2 == 0:
                day = max(ctx.today - timedelta(days=ctx.rng.randint(1, 5)), month.start)  # held already
            category = categories[(index + month.month) % len(categories)]
            external = ctx.rng.random() < 0.3
            sessions.append(TrainingSession(
                title=ctx.rng.choice(TITLES[category]), category=category,
                format=Format.EXTERNAL if external else ctx.rng.choice([Format.INTERNAL, Format.ONLINE]),
                starts_at=_aware(day, ctx.rng.choice([9, 14, 16])),
                hours=Decimal(ctx.rng.choice(["1.50", "2.00", "3.00"])),
                trainer=None if external else team.head,
                trainer_name=ctx.rng.choice(EXTERNAL_TRAINERS) if external or team.head is None else "",
                created_by=organisers.get(team.head.user_id) if team.head_id else None,
            ))
            covers.append(team)
            month = month.next_month()
    bulk_insert(TrainingSession, sessions)
    through = TrainingSession.teams.through
    bulk_insert(through, (through(trainingsession_id=s.pk, orgunit_id=t.pk) for s, t in zip(sessions, covers,
                                                                                           strict=True)))

    now = timezone.now()
    attendances, assessments = [], []
    for session, team in zip(sessions, covers, strict=True):
        if session.starts_at > now:
            continue  # scheduled, not held yet
        for person in members.get(team.pk, []):
            if person.hire_date > session.starts_at.date():
                continue
            roll = ctx.rng.random()
            status = (AttendanceStatus.ABSENT if roll < 0.05 else AttendanceStatus.EXCUSED if roll < 0.1
                      else AttendanceStatus.PRESENT)
            attendances.append(Attendance(session=session, employee=person, status=status,
                                          recorded_by=session.created_by, recorded_at=session.starts_at))
            if status != AttendanceStatus.PRESENT or person.role != Role.REP:
                continue
            score = Decimal(ctx.rng.randint(6000, 10000)) / 100
            for attempt in range(1, policy.max_attempts + 1):
                passed = score >= policy.pass_mark
                assessments.append(Assessment(session=session, employee=person, score=score, attempt=attempt,
                                              passed=passed, recorded_by=session.created_by,
                                              recorded_at=session.starts_at + timedelta(days=attempt - 1)))
                if passed or ctx.rng.random() < 0.3:
                    break  # some stop trying before the last retake
                score = min(Decimal("100.00"), score + Decimal(ctx.rng.randint(500, 2000)) / 100)
    bulk_insert(Attendance, attendances)
    bulk_insert(Assessment, assessments)

    certifications = []
    reps = [person for people in members.values() for person in people if person.role == Role.REP]
    for number, person in enumerate(reps):
        if number % 3 == 2:
            continue
        issued = ctx.today - timedelta(days=ctx.rng.randint(200, 700))
        expires = issued + timedelta(days=730) if number % 4 else None
        if number % 7 == 0:
            expires = ctx.today + timedelta(days=ctx.rng.randint(3, 28))  # expiring soon: the alert fires
        certifications.append(Certification(name=CERTIFICATIONS[number % len(CERTIFICATIONS)], employee=person,
                                            issued_on=issued, expires_on=expires))
    bulk_insert(Certification, certifications)
    ctx.log(f"  {len(sessions)} training sessions, {len(attendances)} attendances, {len(assessments)} assessments,"
            f" {len(certifications)} certifications")
