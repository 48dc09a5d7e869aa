"""Two first approvals at the same instant can never overrun a budget together (SPEC §7): each
locks the claim, then the matching budget rows in id order, and re-reads the consumption inside the
lock. PostgreSQL only: SQLite serialises writers, so there is no race to show (the refusal itself
is tested on SQLite in test_budgets.py)."""

import threading

import pytest
from django.db import connection, connections

from common.exceptions import ApplicationError
from expenses import services
from expenses.models import ClaimStatus, ExpenseClaim
from expenses.tests.factories import make_budget, make_claim

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-lock races need PostgreSQL (CI's second pass runs it)"
)


def _race(monkeypatch, jobs):
    """Run `jobs` (callables) in parallel threads that all read the budget before any writes."""
    from expenses.services import claims as claim_services

    real, barrier, waited = claim_services.budget_lines, threading.Barrier(len(jobs)), threading.local()

    def read_together(budgets):
        # Without the row locks, both would read the same remainder here — the window of the bug.
        if not getattr(waited, "done", False):
            waited.done = True
            try:
                barrier.wait(timeout=1.5)
            except threading.BrokenBarrierError:
                pass  # the other approval is (correctly) waiting on the lock
        return real(budgets)

    monkeypatch.setattr(claim_services, "budget_lines", read_together)
    outcomes = []

    def run(job):
        try:
            job()
            outcomes.append("approved")
        except ApplicationError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_cannot_overrun_the_budget_together(org, monkeypatch):
    make_budget(org.east1, 1000)
    first, second = make_claim(org.rep, 600), make_claim(org.teammate, 600)
    outcomes = _race(monkeypatch, [
        lambda: services.expense_claim_approve(claim=first, actor=org.sup1.user),
        lambda: services.expense_claim_approve(claim=second, actor=org.manager.user),
    ])
    assert outcomes == ["ApplicationError", "approved"]
    assert ExpenseClaim.objects.filter(status=ClaimStatus.MANAGER_APPROVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_under_different_team_budgets_of_one_region_budget_do_not_deadlock(org, monkeypatch):
    make_budget(org.east1, 5000)
    make_budget(org.east2, 5000)
    make_budget(org.east, 1000, period="2026-Q4")
    first, second = make_claim(org.rep, 700), make_claim(org.rep2, 700)
    outcomes = _race(monkeypatch, [
        lambda: services.expense_claim_approve(claim=first, actor=org.sup1.user),
        lambda: services.expense_claim_approve(claim=second, actor=org.sup2.user),
    ])
    assert outcomes == ["ApplicationError", "approved"]
