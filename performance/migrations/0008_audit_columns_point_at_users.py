"""Every "who did it" column references the user model (issue 10): `rated_by`, `accepted_by` and
`updated_by` pointed at `teams.Employee`; each row keeps its author, now as that employee's user.
The "never oneself" checks compared two employee columns; the services keep refusing it."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

COLUMNS = [("managerrating", "rated_by"), ("improvementplan", "accepted_by"), ("coachingplan", "updated_by")]


def _copy(apps, *, forward: bool):
    Employee = apps.get_model("teams", "Employee")
    for model_name, column in COLUMNS:
        Model = apps.get_model("performance", model_name)
        if forward:  # employee → its user
            source, target = column, f"{column}_user"
            value = Employee.objects.filter(pk=OuterRef(f"{source}_id")).values("user_id")[:1]
        else:  # user → their employee
            source, target = f"{column}_user", column
            value = Employee.objects.filter(user_id=OuterRef(f"{source}_id")).values("pk")[:1]
        Model.objects.filter(**{f"{source}__isnull": False}).update(**{f"{target}_id": Subquery(value)})


def to_users(apps, schema_editor):
    _copy(apps, forward=True)


def to_employees(apps, schema_editor):
    _copy(apps, forward=False)


def _user_fk(verbose_name=None):
    options = {"verbose_name": verbose_name} if verbose_name else {}
    return models.ForeignKey(null=True, blank=True, on_delete=models.deletion.SET_NULL, related_name="+",
                             to=settings.AUTH_USER_MODEL, **options)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0007_explanations_as_phrases"),
        ("teams", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="managerrating", name="managerrating_not_self"),
        migrations.RemoveConstraint(model_name="improvementplan", name="improvementplan_not_self_accepted"),
        migrations.RemoveConstraint(model_name="improvementplan", name="improvementplan_accepted_by"),
        *[migrations.AddField(model_name=model_name, name=f"{column}_user", field=_user_fk())
          for model_name, column in COLUMNS],
        migrations.RunPython(to_users, to_employees),
        *[migrations.RemoveField(model_name=model_name, name=column) for model_name, column in COLUMNS],
        *[migrations.RenameField(model_name=model_name, old_name=f"{column}_user", new_name=column)
          for model_name, column in COLUMNS],
        migrations.AlterField(
            model_name="managerrating", name="rated_by",
            field=models.ForeignKey(null=True, on_delete=models.deletion.SET_NULL, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="rated by"),
        ),
        migrations.AlterField(model_name="improvementplan", name="accepted_by", field=_user_fk("accepted by")),
        migrations.AlterField(model_name="coachingplan", name="updated_by", field=_user_fk("updated by")),
        migrations.AddConstraint(
            model_name="improvementplan",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(accepted_by__isnull=False),
                name="improvementplan_accepted_by",
            ),
        ),
    ]
