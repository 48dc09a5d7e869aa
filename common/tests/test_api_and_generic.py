"""The exception handler, formula-safe exports and the generic pieces apps share (issue 10)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from import_export import fields, resources
from rest_framework import exceptions as drf_exceptions

from common.admin import InputLimitsAdmin, ReadOnlyInline, SingletonPolicyAdmin
from common.api import exception_handler
from common.audit import actor_or_none
from common.exceptions import ApplicationError, Conflict, NotAllowed, NotFound
from common.filters import MonthFilter, filter_by_month
from common.limits import current_limits
from common.models import ClosedMonth, InputLimits, month_start_constraint
from common.services import model_update
from common.spreadsheets import FormulaSafeResourceMixin, escape_formula


def handle(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


# --- the exception handler -----------------------------------------------------------------------


@pytest.mark.parametrize("exc,status", [
    (ApplicationError("Bad."), 400), (NotAllowed(), 403), (NotFound(), 404), (Conflict("Closed."), 409),
])
def test_domain_errors_keep_their_status_and_message(exc, status):
    code, body = handle(exc)
    assert code == status and body == {"detail": str(exc.message)}


def test_a_domain_error_naming_a_field_says_so_twice_and_carries_its_extra_keys():
    code, body = handle(Conflict("Month closed.", field="month", extra={"month": "2026-10"}))
    assert code == 409
    assert body == {"detail": "month: Month closed.", "errors": {"month": ["Month closed."]}, "month": "2026-10"}


def test_django_validation_errors_are_400_keyed_by_field():
    assert handle(ValidationError({"amount": "Too big.", "name": ["Taken."]})) == (
        400, {"detail": "amount: Too big.; name: Taken.", "errors": {"amount": ["Too big."], "name": ["Taken."]}})
    assert handle(ValidationError("Nope.")) == (400, {"detail": "Nope.", "errors": {"non_field_errors": ["Nope."]}})


def test_drf_validation_errors_flatten_nested_fields():
    code, body = handle(drf_exceptions.ValidationError({"rows": [{"amount": ["Bad."]}], "non_field_errors": ["X."]}))
    assert code == 400 and body["detail"] == "rows.amount: Bad.; X."
    code, body = handle(drf_exceptions.ValidationError(["Whole body."]))
    assert code == 400 and body["detail"] == "Whole body."


def test_django_404_and_403_become_drf_answers():
    assert handle(Http404())[0] == 404
    assert handle(PermissionDenied())[0] == 403


@pytest.mark.django_db
def test_an_unknown_api_path_answers_the_same_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


# --- formula-safe exports ------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    ("=1+2", "'=1+2"), ("+86 138", "'+86 138"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("plain", "plain"), (Decimal("-5.00"), Decimal("-5.00")), (None, None), (3, 3),
])
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


class Row(FormulaSafeResourceMixin, resources.Resource):
    name = fields.Field(attribute="name", column_name="=Name")
    amount = fields.Field(attribute="amount", column_name="Amount")


def test_the_formula_safe_resource_escapes_cells_and_headers_and_keeps_numbers():
    dataset = Row().export([SimpleNamespace(name="=HYPERLINK(\"x\")", amount=Decimal("-1.50"))])
    assert dataset.headers == ["'=Name", "Amount"]
    assert dataset[0] == ("'=HYPERLINK(\"x\")", "-1.50")


# --- model_update ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_model_update_saves_only_what_changed():
    limits = InputLimits.current()
    instance, updated = model_update(instance=limits, fields=("min_year", "max_year"), data={"min_year": 2001,
                                                                                              "max_year": 2100})
    assert updated == ["min_year"] and InputLimits.objects.get().min_year == 2001
    assert model_update(instance=limits, fields=("min_year",), data={"min_year": 2001}) == (limits, [])


@pytest.mark.django_db
def test_model_update_refuses_an_unknown_field_and_changes_nothing():
    limits = InputLimits.current()
    with pytest.raises(ValidationError) as refused:
        model_update(instance=limits, fields=("min_year",), data={"min_year": 2001, "max_amount": 1})
    assert set(refused.value.error_dict) == {"max_amount"}
    assert limits.min_year == 2000 and InputLimits.objects.get().min_year == 2000
    with pytest.raises(ValidationError) as refused:
        model_update(instance=limits, fields=(), data={"x": 1}, unknown_message="Not here.")
    assert refused.value.error_dict["x"][0].messages == ["Not here."]


@pytest.mark.django_db
def test_model_update_can_clean_and_leave_the_save_to_the_caller():
    limits = InputLimits.current()
    with pytest.raises(ValidationError):
        model_update(instance=limits, fields=("min_year",), data={"min_year": 10**6}, clean=True)
    limits = InputLimits.objects.get()
    model_update(instance=limits, fields=("min_year", "max_year"), data={"min_year": 2005}, save=False)
    assert limits.min_year == 2005 and InputLimits.objects.get().min_year == 2000


# --- SingletonPolicy, its admin, the month-start constraint, the read-only inline -----------------


@pytest.mark.django_db
def test_a_singleton_policy_reads_its_row_or_the_defaults():
    InputLimits.objects.all().delete()
    assert InputLimits.current().pk is None and InputLimits.current().min_year == 2000
    InputLimits.objects.create(min_year=2010)
    assert InputLimits.current().min_year == 2010
    assert str(InputLimits.current()) == "Input limits"


@pytest.mark.django_db
def test_the_singleton_admin_adds_once_never_deletes_and_drops_the_limits_cache(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = InputLimitsAdmin(InputLimits, admin.site)
    InputLimits.objects.all().delete()
    assert model_admin.has_add_permission(request)
    limits = InputLimits.objects.create()
    assert current_limits().max_year == 2100  # cached now
    assert not model_admin.has_add_permission(request) and not model_admin.has_delete_permission(request, limits)
    limits.max_year = 2200
    model_admin.save_model(request, limits, form=None, change=True)
    assert current_limits().max_year == 2200
    SingletonPolicyAdmin(InputLimits, admin.site).after_save(limits)  # nothing by default


def test_month_start_constraint_checks_the_first_day():
    constraint = month_start_constraint("month", "x_first_day")
    assert constraint.name == "x_first_day" and constraint.condition.children == [("month__day", 1)]


@pytest.mark.django_db
def test_a_closed_month_must_be_a_first_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosedMonth.objects.create(month=date(2026, 10, 2))


def test_the_read_only_inline_offers_nothing_to_change():
    class Inline(ReadOnlyInline):
        model = ClosedMonth
        fields = ("month", "closed_at")

    inline = Inline(InputLimits, admin.site)
    assert inline.get_readonly_fields(None) == ("month", "closed_at")
    assert not inline.has_add_permission(None) and not inline.has_change_permission(None)
    assert not inline.has_delete_permission(None) and inline.extra == 0 and inline.can_delete is False


# --- actor_or_none, the month filter, query_with --------------------------------------------------


def test_actor_or_none():
    signed_in = SimpleNamespace(is_authenticated=True)
    assert actor_or_none(signed_in) is signed_in
    assert actor_or_none(AnonymousUser()) is None and actor_or_none(None) is None


@pytest.mark.django_db
def test_the_month_filter_reads_a_month_and_names_itself_when_bad():
    import django_filters

    class Filters(django_filters.FilterSet):
        month = MonthFilter()

        class Meta:
            model = ClosedMonth
            fields = []

    ClosedMonth.objects.create(month=date(2026, 10, 1))
    ClosedMonth.objects.create(month=date(2026, 11, 1))
    good = Filters({"month": "2026-10"}, queryset=ClosedMonth.objects.all())
    assert [m.month for m in good.qs] == [date(2026, 10, 1)]
    assert Filters({}, queryset=ClosedMonth.objects.all()).qs.count() == 2
    for raw in ("2026-13", "2026", "0001-01", "Oct"):
        bad = Filters({"month": raw}, queryset=ClosedMonth.objects.all())
        assert not bad.is_valid() and list(bad.errors) == ["month"]


@pytest.mark.django_db
def test_filter_by_month_without_a_filterset():
    ClosedMonth.objects.create(month=date(2026, 10, 1))
    queryset = ClosedMonth.objects.all()
    assert filter_by_month(queryset, "") is queryset
    assert filter_by_month(queryset, "2026-10").count() == 1
    with pytest.raises(ApplicationError) as refused:
        filter_by_month(queryset, "2026-1x", param="period")
    assert refused.value.field == "period"


def test_query_with_keeps_the_other_parameters():
    request = RequestFactory().get("/people/", {"q": "Zhang Wei", "role": "rep", "page": "3"})
    template = Template("{% load common_tags %}{% query_with page=4 %}|{% query_with page=None %}")
    assert template.render(Context({"request": request})) == "q=Zhang+Wei&amp;role=rep&amp;page=4|q=Zhang+Wei&amp;role=rep"
    assert Template("{% load common_tags %}{% query_with page=2 %}").render(Context({})) == "page=2"
