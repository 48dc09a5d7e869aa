from django import forms
from django.utils.translation import gettext_lazy as _

from teams.models import Employee, OrgUnit, Role


class EmployeeForm(forms.Form):
    number = forms.CharField(label=_("Employee number"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    hire_date = forms.DateField(label=_("Hire date"), widget=forms.DateInput(attrs={"type": "date"}))
    referred_by = forms.ModelChoiceField(label=_("Referred by"), queryset=Employee.objects.none(), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, min_length=8)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["referred_by"].queryset = Employee.objects.visible_to(user).filter(active=True)
