"""Two organisers entering the last attempt of the same person at the same instant: the session's
row lock serialises them, so one gets the third attempt and the other the 400 of a fourth.
PostgreSQL only: SQLite serialises writers and has no row locks to show."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from training import services
from training.models import Assessment
from training.tests.factories import assess, at, make_session

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI's second pass runs it)"
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_last_attempts_give_one_201_and_one_400(org, monkeypatch):
    session = make_session(org.east1, starts_at=at(2020, 6, 5), created_by=org.sup1.user)
    assess(session, org.rep, 50, 60)
    real, barrier = services._lock_for_recording, threading.Barrier(2)

    def together(actor, session):
        barrier.wait(timeout=10)  # both requests reach the lock at the same moment
        return real(actor, session)

    monkeypatch.setattr(services, "_lock_for_recording", together)
    outcomes = []

    def record(user):
        client = APIClient()
        client.force_authenticate(user)
        try:
            response = client.post("/api/v1/assessments/", {"session": session.pk, "employee": org.rep.pk,
                                                            "score": "90"}, format="json")
            outcomes.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(user,)) for user in (org.sup1.user, org.hr.user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [201, 400]
    assert sorted(Assessment.objects.filter(employee=org.rep).values_list("attempt", flat=True)) == [1, 2, 3]
