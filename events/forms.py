"""Forms of the events pages: they only parse input; every rule is in `events.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import iso_datetime_field
from customers.forms.pickers import CustomerPickerField
from customers.models import Customer
from events.models import Channel, Confirmation, DeclineReason, Outcome
from events.rules import decline_reason_label
from teams.models import OrgUnit
from teams.scoping import unit_visibility_q

DETAIL_FIELDS = ("title", "topic", "venue", "agenda", "speakers", "gift")


class EventForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Organising unit"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    starts_at = iso_datetime_field(label=_("Starts at"))
    ends_at = iso_datetime_field(label=_("Ends at"))
    invitation_deadline = iso_datetime_field(
        label=_("Invitation deadline"), required=False, help_text=_("Empty: one day before the start."))
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100_000)
    target_attendance = forms.IntegerField(label=_("Target attendance"), min_value=1, max_value=100_000,
                                           help_text=_("Split among the unit's reps as their invitation quotas."))
    follow_up_window_days = forms.IntegerField(label=_("Follow-up window (working days)"), min_value=1,
                                               max_value=60, initial=2)
    conversion_window_days = forms.IntegerField(label=_("Conversion window (days)"), min_value=1, max_value=366,
                                                initial=30)
    speakers = forms.CharField(label=_("Speakers"), max_length=300, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    gift = forms.CharField(label=_("Gift"), max_length=200, required=False)

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        from events.services import may_organise_for

        units = [u for u in OrgUnit.objects.filter(unit_visibility_q(user)).exclude(kind="company").order_by("path")
                 if may_organise_for(actor=user, unit=u)]
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        if event is not None:
            del self.fields["org_unit"]

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("invitation_deadline"):
            data.pop("invitation_deadline", None)
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class QuotasForm(forms.Form):
    """One number per rep of the organising unit (`reps`: the candidates, in employee-number order)."""

    def __init__(self, *args, reps, quotas: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        for rep in reps:
            self.fields[f"quota_{rep.pk}"] = forms.IntegerField(
                label=f"{rep.name} ({rep.number})", min_value=0, max_value=100_000, initial=quotas.get(rep.pk, 0))

    def quotas(self) -> dict[int, int]:
        return {int(name.removeprefix("quota_")): value for name, value in self.cleaned_data.items()}


class InvitationForm(forms.Form):
    customer = CustomerPickerField(label=_("Customer"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    log_follow_up = forms.BooleanField(label=_("Also log it as a follow-up"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].set_customers(Customer.objects.visible_to(user).select_related("owner__org_unit"))


def decline_reason_choices():
    return [("", "—")] + [(r.code, decline_reason_label(r.code, r.name))
                          for r in DeclineReason.objects.filter(active=True)]


class RespondForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Answer"), choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING])
    decline_reason = forms.ChoiceField(label=_("Reason for declining"), required=False)
    decline_note = forms.CharField(label=_("Note"), max_length=300, required=False)
    log_follow_up = forms.BooleanField(label=_("Also log it as a follow-up"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decline_reason"].choices = decline_reason_choices()


class ConfirmForm(forms.Form):
    confirmation = forms.ChoiceField(label=_("Confirmation"),
                                     choices=[c for c in Confirmation.choices if c[0] != Confirmation.UNCONFIRMED])
    log_follow_up = forms.BooleanField(label=_("Also log it as a follow-up"), required=False)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Company or guest name"), max_length=200)
    contact_name = forms.CharField(label=_("Contact name"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    gift_given = forms.BooleanField(label=_("Gift given"), required=False)
