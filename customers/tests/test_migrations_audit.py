"""Migrations 0008, 0009 and 0013 keep every escalation report's author: 0008 makes the employee that
employee's user, 0009 (the demo still wrote employees) makes it the employee again, 0013 makes it the
user for good (the demo writes users now); all three reverse."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from customers.tests.factories import OpportunityFactory
from teams.models import Role
from teams.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("customers", "0007_list_order_indexes")]
AFTER = [("customers", "0008_escalation_report_written_by_user")]
EMPLOYEE_AGAIN = [("customers", "0009_escalation_report_written_by_employee_again")]
LATEST = [("customers", "0013_escalation_report_written_by_user_for_good")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_the_author_survives_the_migration_both_ways(org):
    get_user_model().objects.create(username="spacer")  # user ids run ahead of employee ids
    author = EmployeeFactory(role=Role.REP, org_unit=org.rep.org_unit)
    assert author.pk != author.user_id  # otherwise the test could not tell the columns apart
    opportunity = OpportunityFactory(customer__owner=author)
    # Made before migrating back: the factories write today's columns, which 0007 does not have.
    unwritten = OpportunityFactory(customer__owner=author)
    apps = _migrate(BEFORE)
    Report = apps.get_model("customers", "EscalationReport")
    Report.objects.create(opportunity_id=opportunity.pk, background="b", needs_detail="n", progress="p", risks="r",
                          written_by_id=author.pk)
    Report.objects.create(opportunity_id=unwritten.pk, background="b",
                          needs_detail="n", progress="p", risks="r", written_by_id=None)
    apps = _migrate(AFTER)
    rows = dict(apps.get_model("customers", "EscalationReport").objects.values_list("opportunity_id", "written_by_id"))
    assert rows[opportunity.pk] == author.user_id
    assert sorted(rows.values(), key=str) == sorted([author.user_id, None], key=str)
    apps = _migrate(BEFORE)
    back = apps.get_model("customers", "EscalationReport").objects.get(opportunity_id=opportunity.pk)
    assert back.written_by_id == author.pk
    _migrate(AFTER)
    apps = _migrate(EMPLOYEE_AGAIN)
    again = apps.get_model("customers", "EscalationReport").objects.get(opportunity_id=opportunity.pk)
    assert again.written_by_id == author.pk
    apps = _migrate(AFTER)
    assert apps.get_model("customers", "EscalationReport").objects.get(
        opportunity_id=opportunity.pk).written_by_id == author.user_id
    _migrate(EMPLOYEE_AGAIN)
    apps = _migrate(LATEST)
    rows = dict(apps.get_model("customers", "EscalationReport").objects.values_list("opportunity_id", "written_by_id"))
    assert rows[opportunity.pk] == author.user_id
    assert sorted(rows.values(), key=str) == sorted([author.user_id, None], key=str)
    apps = _migrate(EMPLOYEE_AGAIN)
    assert apps.get_model("customers", "EscalationReport").objects.get(
        opportunity_id=opportunity.pk).written_by_id == author.pk
    apps = _migrate(LATEST)
    assert apps.get_model("customers", "EscalationReport").objects.get(
        opportunity_id=opportunity.pk).written_by_id == author.user_id
    _migrate(_leaves())  # every app's latest: the next tests need the whole schema


def _leaves():
    """The latest migration of EVERY app: migrating customers back unapplied the apps that depend on
    it (events, expenses, …); customers' own leaf alone would leave their tables missing."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture(autouse=True)
def _whole_schema_afterwards():
    yield
    _migrate(_leaves())
