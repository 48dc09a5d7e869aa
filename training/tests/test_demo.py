"""The training demo tells its story on the test org: sessions every month, attendance with
absences, retakes, certifications expiring soon, one team without a session this month."""

import random
from datetime import date

import pytest

from common.periods import Period
from portal.demo import DemoContext
from training import demo, selectors
from training.models import Assessment, Attendance, Certification, TrainingSession

pytestmark = pytest.mark.usefixtures("frozen")
TODAY = date(2026, 6, 10)


@pytest.mark.parametrize(("size", "months"), [("small", 6), ("large", 12)])
def test_demo_sessions_per_team_and_month(org, size, months):
    demo.seed(DemoContext(size=size, seed=3, today=TODAY, rng=random.Random(3), sizes={"teams": 3}))
    assert TrainingSession.objects.count() == 3 * months - 1
    assert selectors.teams_without_session(month=Period(2026, month=6)) == {org.south1.pk}
    assert Attendance.objects.exists() and Assessment.objects.filter(attempt__gt=1).exists()
    assert Certification.objects.filter(expires_on__range=(TODAY, date(2026, 7, 10))).exists()
    assert selectors.latest_assessment_means(month=Period(2026, month=5))
