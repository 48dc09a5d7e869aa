from django import forms
from django.utils import translation

from common.forms import IsoDateInput, IsoDatesModelForm
from common.models import CalendarDay


class DayForm(IsoDatesModelForm):
    class Meta:
        model = CalendarDay
        fields = ["day", "name"]


def test_a_subclass_with_its_own_meta_renders_dates_iso_in_chinese():
    assert isinstance(DayForm.base_fields["day"].widget, IsoDateInput)
    import datetime

    with translation.override("zh-hans"):
        html = str(DayForm(initial={"day": datetime.date(2027, 1, 14)})["day"])
    assert 'value="2027-01-14"' in html and 'type="date"' in html


def test_a_plain_model_form_is_not_affected():
    class Plain(forms.ModelForm):
        class Meta:
            model = CalendarDay
            fields = ["day"]

    assert not isinstance(Plain.base_fields["day"].widget, IsoDateInput)
