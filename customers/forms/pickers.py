"""Type-to-search pickers for customers and contracts (`common.pickers`). A director may see
100,000 customers, so a form never renders a <select> of all of them: the input offers a
<datalist> of at most `PICKER_OPTIONS` rows (most recent first) and `common/picker.js` refills it
from the API's `?search=` as the user types. Owners are picked with `teams.forms.OwnerPickerField`."""

from django.urls import reverse_lazy

from common.pickers import PICKER_OPTIONS, PickerField

__all__ = ["PICKER_OPTIONS", "ContractPickerField", "CustomerPickerField"]


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
