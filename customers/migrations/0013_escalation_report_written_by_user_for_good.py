"""Every "who did it" column references the user model (issue 10), now for good: the escalation
report's `written_by` moves from `teams.Employee` to `settings.AUTH_USER_MODEL` (as 0008 did before
0009 undid it while the demo still wrote employee ids; the demo writes the owner's user now). Each
report keeps its author: the employee becomes that employee's user, and back again on reversal."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def to_users(apps, schema_editor):
    Employee = apps.get_model("teams", "Employee")
    Report = apps.get_model("customers", "EscalationReport")
    user = Employee.objects.filter(pk=OuterRef("written_by_id")).values("user_id")[:1]
    Report.objects.filter(written_by__isnull=False).update(written_by_user_id=Subquery(user))


def to_employees(apps, schema_editor):
    Employee = apps.get_model("teams", "Employee")
    Report = apps.get_model("customers", "EscalationReport")
    employee = Employee.objects.filter(user_id=OuterRef("written_by_user_id")).values("pk")[:1]
    Report.objects.filter(written_by_user__isnull=False).update(written_by_id=Subquery(employee))


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0012_next_follow_up_index"),
        ("teams", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="escalationreport", name="written_by_user",
            field=models.ForeignKey(null=True, blank=True, on_delete=models.deletion.SET_NULL, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(to_users, to_employees),
        migrations.RemoveField(model_name="escalationreport", name="written_by"),
        migrations.RenameField(model_name="escalationreport", old_name="written_by_user", new_name="written_by"),
    ]
