from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alerts import registry


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of my emails"), required=False)
    email_kinds = forms.MultipleChoiceField(
        label=_("Email me about"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a kind to get no email about it; the inbox always shows everything."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The portal's default")), *settings.LANGUAGES]
        self.fields["email_kinds"].choices = [(kind.code, kind.label) for kind in registry.all_kinds()]

    def email_off_kinds(self) -> list[str]:
        chosen = set(self.cleaned_data["email_kinds"])
        return [code for code, _label in self.fields["email_kinds"].choices if code not in chosen]


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *[(k.code, k.label) for k in registry.all_kinds()]]
