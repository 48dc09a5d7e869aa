"""Undoes 0008 for now: the demo seed (another owner's code) still writes employee ids into the
escalation report's `written_by`, which PostgreSQL's foreign key to the user table refuses. Each
report keeps its author: the user becomes that user's employee (and back on reversal). The column
moves to the user model again once the demo writes users (issue 10, audit columns)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def to_employees(apps, schema_editor):
    Employee = apps.get_model("teams", "Employee")
    Report = apps.get_model("customers", "EscalationReport")
    employee = Employee.objects.filter(user_id=OuterRef("written_by_id")).values("pk")[:1]
    Report.objects.filter(written_by__isnull=False).update(written_by_employee_id=Subquery(employee))


def to_users(apps, schema_editor):
    Employee = apps.get_model("teams", "Employee")
    Report = apps.get_model("customers", "EscalationReport")
    user = Employee.objects.filter(pk=OuterRef("written_by_employee_id")).values("user_id")[:1]
    Report.objects.filter(written_by_employee__isnull=False).update(written_by_id=Subquery(user))


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0008_escalation_report_written_by_user"),
        ("teams", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalationreport", name="written_by_employee",
            field=models.ForeignKey(null=True, blank=True, on_delete=models.deletion.SET_NULL, related_name="+",
                                    to="teams.employee"),
        ),
        migrations.RunPython(to_employees, to_users),
        migrations.RemoveField(model_name="escalationreport", name="written_by"),
        migrations.RenameField(model_name="escalationreport", old_name="written_by_employee", new_name="written_by"),
    ]
