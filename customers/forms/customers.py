"""Forms of the customer pages. They validate input only; the rules live in the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import IsoDatesModelForm, iso_date_field, iso_datetime_field, iso_formfield_callback
from customers.forms.pickers import CustomerPickerField
from customers.models import Channel, Customer, CustomerSource, Tier
from customers.models.customer import COMPLETENESS_FIELDS
from teams.forms import OwnerPickerField

PROFILE_FORM_FIELDS = [*COMPLETENESS_FIELDS, "next_follow_up_on"]


class CustomerForm(IsoDatesModelForm):
    """Profile fields; on create also the owner (default: yourself). The next follow-up date
    renders ISO in every language (`IsoDatesModelForm`)."""

    class Meta:
        model = Customer
        fields = PROFILE_FORM_FIELDS
        # Django reads a ModelForm's formfield_callback from Meta (the class attribute that
        # IsoDatesModelForm sets is not inherited by a subclass with its own Meta).
        formfield_callback = iso_formfield_callback
        widgets = {
            "needs_summary": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, user, with_owner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *CustomerSource.choices]
        if with_owner:
            self.fields["owner"] = OwnerPickerField(
                label=_("Owner"), required=False, help_text=_("Leave empty to own the customer yourself."),
            )
            self.fields["owner"].set_user(user)
            self.order_fields(["name", "owner"])

    def validate_unique(self):
        """Uniqueness is checked by the service, with a message naming the field."""


class FollowUpForm(forms.Form):
    """The rep's quick log: customer picked by typing, channel as big buttons, three texts."""

    customer = CustomerPickerField(label=_("Customer"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.RadioSelect,
                                initial=Channel.PHONE)
    occurred_at = iso_datetime_field(
        label=_("Occurred at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 2}))
    feedback = forms.CharField(label=_("Customer feedback"), widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), widget=forms.Textarea(attrs={"rows": 2}))
    next_follow_up_on = iso_date_field(label=_("Next follow-up on"), required=False)

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].set_customers(customers)
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))


class PinTierForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReassignForm(forms.Form):
    owner = OwnerPickerField(label=_("New owner"))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_user(user)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
