"""Forms of the training pages. They only parse input; the services decide (and name the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import IsoMonthInput, iso_date_field, iso_datetime_field
from teams.forms import EmployeePickerField
from teams.models import Employee, OrgUnit, UnitKind
from training import services
from training.models import AttendanceStatus, Category, Format


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=IsoMonthInput(attrs={"required": True}))


def coverable_teams(user):
    """The teams the user may schedule a session for (the checkboxes of the session form)."""
    teams = OrgUnit.objects.filter(kind=UnitKind.TEAM).select_related("parent").order_by("path")
    return [team for team in teams.filter(pk__in=OrgUnit.objects.visible_to(user).values("pk"))
            if services.may_cover_team(user, team)]


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    format = forms.ChoiceField(label=pgettext_lazy("training", "Format"), choices=Format.choices)
    starts_at = iso_datetime_field(label=_("Starts at"))
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=2, min_value=0.25, max_value=24,
                               initial="2")
    trainer = EmployeePickerField(label=_("Trainer (an employee)"), required=False)
    trainer_name = forms.CharField(label=_("…or an external trainer"), max_length=100, required=False)
    teams = forms.MultipleChoiceField(label=_("Teams covered"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].set_employees(Employee.objects.visible_to(user).filter(active=True))
        self._teams = {str(team.pk): team for team in coverable_teams(user)}
        self.fields["teams"].choices = [(pk, team.name) for pk, team in self._teams.items()]

    def clean_teams(self):
        return [self._teams[pk] for pk in self.cleaned_data["teams"]]


class AttendanceForm(forms.Form):
    employee = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class AssessmentForm(forms.Form):
    employee = forms.TypedChoiceField(label=_("Employee"), coerce=int)
    score = forms.DecimalField(label=_("Score (0–100)"), max_digits=5, decimal_places=2, min_value=0,
                               max_value=100)

    def __init__(self, *args, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitees = {person.pk: person for person in invitees}
        self.fields["employee"].choices = [(pk, f"{p.name} ({p.number})") for pk, p in self.invitees.items()]

    def clean_employee(self):
        return self.invitees[self.cleaned_data["employee"]]


class CertificationForm(forms.Form):
    employee = EmployeePickerField(label=_("Employee"))
    name = forms.CharField(label=_("Certification"), max_length=200)
    issued_on = iso_date_field(label=_("Issued on"))
    expires_on = iso_date_field(label=_("Expires on"), required=False,
                                help_text=_("Leave empty for a certification that does not expire."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].set_employees(Employee.objects.visible_to(user).filter(active=True))


class CertificationEditForm(forms.Form):
    """Correct a recorded certification (its holder stays: a certification of someone else is a
    new record)."""

    name = forms.CharField(label=_("Certification"), max_length=200)
    issued_on = iso_date_field(label=_("Issued on"))
    expires_on = iso_date_field(label=_("Expires on"), required=False,
                                help_text=_("Leave empty for a certification that does not expire."))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel this session"))


class DeleteCertificationForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this certification"))
