"""The daily alerts of training (SPEC §8), discovered by `alerts.registry`:

- `certification_expiry`: to the holder and their line manager, from `expiry_notice_days` (30)
  before the expiry; keyed by the certification, its expiry day and the notice, so a run after
  missed days still sends it and a changed expiry day is news again;
- `training_reminder`: from the `reminder_day` (the 20th) of a month on, to the supervisor (head) of
  each team that no session of the month covers; keyed by the team and the month, so it is sent
  once, and on the 21st or later if the 20th's run was missed."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alerts.registry import Item, daily_alert
from common.periods import Period
from common.phrases import phrase
from teams.models import OrgUnit
from teams.selectors import line_managers_for
from training import phrases, rules, selectors
from training.models import TrainingPolicy


@daily_alert("certification_expiry", _("Certification expiring"), order=70,
             header=_("Certifications expiring soon: %(count)s."))
def certification_expiry(today):
    policy = TrainingPolicy.current()
    certifications = list(selectors.certifications_expiring(today=today, notice_days=policy.expiry_notice_days))
    managers = line_managers_for([c.employee for c in certifications])
    users = get_user_model().objects.in_bulk({head.user_id for head in managers.values() if head is not None})
    for certification in certifications:
        head = managers.get(certification.employee_id)
        yield Item(
            key=f"certification-expiry:{certification.pk}:{certification.expires_on.isoformat()}:"
                f"{policy.expiry_notice_days}",
            recipients=[certification.employee.user, users.get(head.user_id) if head is not None else None],
            message=phrase(phrases.CERTIFICATION_EXPIRING, employee=certification.employee.name,
                           name=certification.name, expires=certification.expires_on.isoformat()),
            link=reverse("training:employee-results", args=[certification.employee_id]),
        )


@daily_alert("training_reminder", _("No training this month"), order=71,
             header=_("Teams without a training session this month: %(count)s."))
def training_reminder(today):
    policy = TrainingPolicy.current()
    if not rules.monthly_reminder_due(today, reminder_day=policy.reminder_day):
        return
    month = Period.of_month(today)
    team_ids = selectors.teams_without_session(month=month)
    teams = OrgUnit.objects.filter(pk__in=team_ids, head__isnull=False).select_related("head__user").order_by("path")
    for team in teams:
        yield Item(
            key=f"training-reminder:{team.pk}:{month}",
            recipients=[team.head.user],
            message=phrase(phrases.NO_SESSION_THIS_MONTH, team=team.name, month=str(month)),
            link=reverse("training:session-create"),
        )
