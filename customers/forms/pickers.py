"""Type-to-search pickers for customers and contracts. A director may see 100,000 customers, so a
form never renders a <select> of all of them: the input offers a <datalist> of at most
`PICKER_OPTIONS` rows (most recent first) and `customers/picker.js` refills it from the API's
`?search=` as the user types. The typed text is resolved here, always inside the given (scoped)
queryset: "Name (#id)" as offered by the list, a bare id, or an exact, unambiguous name."""

import re

from django import forms
from django.db.models.functions import Lower
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

#: How many options a picker's datalist carries before the user types.
PICKER_OPTIONS = 200
_PICKED_ID = re.compile(r"(?:^|#)(\d+)\)?\s*$")


class PickerInput(forms.TextInput):
    """A text input with its own <datalist>; `data-picker` names the API list to search."""

    template_name = "customers/widgets/picker.html"

    def __init__(self, *, list_id: str, search_url: str, label_field: str, attrs=None):
        super().__init__(attrs={
            "list": list_id, "autocomplete": "off", "data-picker": search_url, "data-picker-label": label_field,
            "placeholder": _("Type to search…"), **(attrs or {}),
        })
        self.list_id = list_id
        self.options: list[str] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["list_id"] = self.list_id
        context["widget"]["options"] = self.options
        return context


class PickerField(forms.CharField):
    """Resolves typed text to one object of `queryset` (set per request, already scoped)."""

    default_error_messages = {"invalid_choice": _("Pick one from the list (type to search).")}
    label_field = "name"
    search_url = ""
    list_id = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 250)
        super().__init__(widget=PickerInput(list_id=self.list_id, search_url=self.search_url,
                                            label_field=self.label_field), **kwargs)
        self.queryset = None

    def option_label(self, obj) -> str:
        return f"{getattr(obj, self.label_field)} (#{obj.pk})"

    def set_queryset(self, queryset, *, recent_first: tuple[str, ...]) -> None:
        """Scope the picker and fill its first options (one query, at most `PICKER_OPTIONS` rows)."""
        self.queryset = queryset
        rows = queryset.select_related(None).order_by(*recent_first).only("pk", self.label_field)[:PICKER_OPTIONS]
        self.widget.options = [self.option_label(obj) for obj in rows]

    def prepare_value(self, value):
        """An initial id or object is shown as the label the datalist uses."""
        if isinstance(value, int) and self.queryset is not None:
            value = self.queryset.filter(pk=value).first() or ""
        if hasattr(value, "pk"):
            return self.option_label(value)
        return value

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        match = _PICKED_ID.search(text)
        found = None
        if match:
            found = self.queryset.filter(pk=int(match.group(1))).first()
        if found is None:
            named = list(
                self.queryset.annotate(picker_label=Lower(self.label_field))
                .filter(picker_label=text.lower())[:2]
            )
            found = named[0] if len(named) == 1 else None
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        """Validators of the typed text do not apply to the object it resolved to."""


class CustomerPickerField(PickerField):
    list_id = "customer-options"
    search_url = reverse_lazy("customer-list")
    label_field = "name"

    def set_customers(self, queryset) -> None:
        self.set_queryset(queryset, recent_first=("-last_follow_up_at", "name", "pk"))


class ContractPickerField(PickerField):
    list_id = "contract-options"
    search_url = reverse_lazy("contract-list")
    label_field = "number"

    def set_contracts(self, queryset) -> None:
        self.set_queryset(queryset, recent_first=("-signed_on", "-pk"))
