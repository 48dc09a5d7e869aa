"""Factories of training rows. Rows are made directly (as history); behaviour goes through the
services in the tests that check it."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from training.models import Assessment, Attendance, Category, Certification, Format, TrainingSession

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: The frozen "now" of the training tests: Wednesday 10 June 2026, 10:00 in Shanghai.
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)


def at(year, month, day, hour=14, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_session(*teams, starts_at=None, title="Product basics", trainer=None, trainer_name="", created_by=None,
                 cancelled_at=None, hours=Decimal("2.00")) -> TrainingSession:
    session = TrainingSession.objects.create(
        title=title, category=Category.PRODUCT, format=Format.INTERNAL, starts_at=starts_at or at(2026, 6, 5),
        hours=hours, trainer=trainer, trainer_name=trainer_name or ("" if trainer else "Ms. Expert"),
        created_by=created_by, cancelled_at=cancelled_at,
    )
    session.teams.set(teams)
    return session


def attend(session, employee, status="present") -> Attendance:
    return Attendance.objects.create(session=session, employee=employee, status=status)


def assess(session, employee, *scores) -> list[Assessment]:
    return [
        Assessment.objects.create(session=session, employee=employee, score=Decimal(str(score)), attempt=number,
                                  passed=Decimal(str(score)) >= 80)
        for number, score in enumerate(scores, start=1)
    ]


def certify(employee, *, name="Product specialist", issued_on, expires_on=None) -> Certification:
    return Certification.objects.create(name=name, employee=employee, issued_on=issued_on, expires_on=expires_on)
