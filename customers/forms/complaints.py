"""Forms of the complaint pages: the phone-friendly intake (customer picked by typing) and the
small forms of the transitions. They validate input only; the rules live in the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import iso_datetime_field
from customers.forms.pickers import CustomerPickerField
from customers.models import ComplaintCategory, ComplaintChannel, Severity
from teams.forms import OwnerPickerField


class ComplaintForm(forms.Form):
    customer = CustomerPickerField(label=_("Customer"))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect,
                                 initial=Severity.NORMAL)
    channel = forms.ChoiceField(label=_("Channel"), choices=ComplaintChannel.choices, initial=ComplaintChannel.PHONE)
    category = forms.ChoiceField(label=_("Category"), choices=ComplaintCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    received_at = iso_datetime_field(
        label=_("Received at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].set_customers(customers)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))


class AssignForm(forms.Form):
    handler = OwnerPickerField(label=_("Handler"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].set_user(user)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    confirmation = forms.CharField(label=_("Customer confirmation"), max_length=5000,
                                   help_text=_("How and when the customer confirmed the resolution."),
                                   widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
