"""Two people creating the same user name or employee number at the same instant (SPEC §13.1
"uniqueness under concurrency answers 400, never 500"). PostgreSQL only: SQLite serialises
writers, so there is no race to show (the translation itself is tested on SQLite in test_apis.py
and test_services.py by letting the pre-check miss the rival)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from rest_framework.test import APIClient

from teams.models import Employee

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="insert races need PostgreSQL (CI's second pass runs it)"
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shared", ["username", "number"])
def test_two_simultaneous_creations_of_the_same_name_give_one_201_and_one_400(org, monkeypatch, shared):
    from teams.services import employees

    check = {"username": "_username_taken", "number": "_number_taken"}[shared]
    real, barrier, waited = getattr(employees, check), threading.Barrier(2), threading.local()

    def checked_together(*args, **kwargs):
        # Both requests look before either inserts — the window the audit hit.
        answer = real(*args, **kwargs)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait(timeout=10)
        return answer

    monkeypatch.setattr(employees, check, checked_together)
    outcomes = []

    def create(index):
        body = {"number": f"N{index}", "name": f"Twin {index}", "role": "rep", "org_unit": org.east1.pk,
                "hire_date": "2026-06-01", "username": f"twin{index}", "password": "a-good-password-9"}
        body[shared] = "TWIN"
        client = APIClient()
        client.force_authenticate(org.hr.user)
        try:
            response = client.post("/api/v1/employees/", body, format="json")
            outcomes.append((response.status_code, sorted(response.json().get("errors", {}))))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(index,)) for index in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [(201, []), (400, [shared])]
    assert Employee.objects.filter(name__startswith="Twin").count() == 1
    assert get_user_model().objects.filter(username__startswith="twin").count() + get_user_model().objects.filter(
        username="TWIN"
    ).count() == 1
