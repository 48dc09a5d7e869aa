"""API of customers, follow-ups and surveys (SPEC §10). Viewsets validate input, call one service
and serialize; scoping comes from `CustomersViewSet`. Follow-ups have no delete (admin only)."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import InputOutputMixin, input_output_schema
from common.filters import IdFilter, PlausibleIsoDateTimeFilter
from customers.apis._base import CustomersViewSet, InputOutputCreateMixin
from customers.models import Customer, CustomerStatus, FollowUp, PipelinePolicy, SatisfactionSurvey, Tier
from customers.selectors.customers import followup_overdue_customers
from customers.selectors.health import customer_health
from customers.serializers.complaints import CustomerHealthOutputSerializer
from customers.serializers.customers import (
    CustomerInputSerializer,
    CustomerOutputSerializer,
    CustomerPinTierInputSerializer,
    CustomerReassignInputSerializer,
    CustomerUpdateInputSerializer,
    FollowUpInputSerializer,
    FollowUpOutputSerializer,
    FollowUpUpdateInputSerializer,
    ReasonInputSerializer,
    RequiredReasonInputSerializer,
    SurveyInputSerializer,
    SurveyOutputSerializer,
)
from customers.services import customers as customer_services
from customers.services import followups as followup_services
from customers.services import health as health_services
from customers.services import surveys as survey_services
from customers.services import tiering as tiering_services

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin)


class CustomerFilter(django_filters.FilterSet):
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    status = django_filters.ChoiceFilter(choices=CustomerStatus.choices)
    owner = IdFilter(field_name="owner_id")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="overdue for follow-up")

    class Meta:
        model = Customer
        fields = ["tier", "status", "owner", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = followup_overdue_customers(queryset, timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


@input_output_schema(output=CustomerOutputSerializer, create_input=CustomerInputSerializer,
                     update_input=CustomerUpdateInputSerializer)
class CustomerViewSet(InputOutputMixin, *READ, CustomersViewSet):
    base_queryset = Customer.objects.select_related("owner").with_completeness()
    filterset_class = CustomerFilter
    search_fields = ["name"]
    ordering_fields = ["name", "created_at", "tier", "status", "last_follow_up_at"]
    ordering = ["name", "id"]

    def _fresh(self, customer):
        return self.get_queryset().get(pk=customer.pk)

    def perform_create(self, serializer):
        customer = customer_services.customer_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self._fresh(customer)

    def perform_update(self, serializer):
        customer = customer_services.customer_update(
            actor=self.request.user, customer=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self._fresh(customer)

    def _respond(self, customer):
        return Response(self.output_data(self._fresh(customer)))

    @extend_schema(request=CustomerPinTierInputSerializer, responses=CustomerOutputSerializer)
    @action(detail=True, methods=["post"], url_path="pin-tier")
    def pin_tier(self, request, pk=None):
        """Pin the tier with a reason (supervisor or above); the monthly job never changes it."""
        customer = self.get_object()
        data = self._valid(CustomerPinTierInputSerializer, request)
        return self._respond(tiering_services.customer_pin_tier(actor=request.user, customer=customer, **data))

    @extend_schema(request=ReasonInputSerializer, responses=CustomerOutputSerializer)
    @action(detail=True, methods=["post"], url_path="unpin-tier")
    def unpin_tier(self, request, pk=None):
        customer = self.get_object()
        data = self._valid(ReasonInputSerializer, request)
        return self._respond(tiering_services.customer_unpin_tier(actor=request.user, customer=customer, **data))

    @extend_schema(request=CustomerReassignInputSerializer, responses=CustomerOutputSerializer)
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """Give the customer to another salesperson in your scope (supervisor or above)."""
        customer = self.get_object()
        customer_services.ensure_may_reassign(actor=request.user)
        data = self._valid(CustomerReassignInputSerializer, request)
        return self._respond(customer_services.customer_reassign(
            actor=request.user, customer=customer, new_owner=data["owner"], reason=data["reason"]
        ))

    @extend_schema(request=RequiredReasonInputSerializer, responses=CustomerOutputSerializer)
    @action(detail=True, methods=["post"], url_path="mark-lost")
    def mark_lost(self, request, pk=None):
        customer = self.get_object()
        data = self._valid(RequiredReasonInputSerializer, request)
        return self._respond(tiering_services.customer_mark_lost(actor=request.user, customer=customer, **data))

    @extend_schema(request=None, responses=CustomerOutputSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        customer = self.get_object()
        return self._respond(tiering_services.customer_reactivate(actor=request.user, customer=customer))

    @extend_schema(request=None, responses=CustomerHealthOutputSerializer)
    @action(detail=True, methods=["get", "post"])
    def health(self, request, pk=None):
        """The customer's health: score, band and the explained components (SPEC §16.2). POST
        recomputes it now (on demand), then answers the same."""
        customer = self.get_object()
        if request.method == "POST":
            health_services.customer_health_refresh(actor=request.user, customer=customer)
        return Response(CustomerHealthOutputSerializer(customer_health(customer=customer)).data)

    def _valid(self, serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class FollowUpFilter(django_filters.FilterSet):
    # Ids, not model choices: an unscoped choice list would answer 400 for a missing id and 200 for
    # an existing out-of-scope one, leaking its existence (SPEC §1.2).
    customer = IdFilter(field_name="customer_id")
    author = IdFilter(field_name="author_id")
    occurred_after = PlausibleIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = PlausibleIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = FollowUp
        fields = ["customer", "author", "channel", "late", "occurred_after", "occurred_before"]


class SurveyFilter(django_filters.FilterSet):
    customer = IdFilter(field_name="customer_id")
    owner = IdFilter(field_name="owner_id")

    class Meta:
        model = SatisfactionSurvey
        fields = ["customer", "owner"]


@input_output_schema(output=FollowUpOutputSerializer, create_input=FollowUpInputSerializer,
                     update_input=FollowUpUpdateInputSerializer)
class FollowUpViewSet(InputOutputMixin, *READ, CustomersViewSet):
    """The follow-up log. No delete: entries are removed only by an admin."""

    base_queryset = FollowUp.objects.select_related("customer", "author")
    filterset_class = FollowUpFilter
    search_fields = ["customer__name", "content"]
    ordering_fields = ["occurred_at", "logged_at"]
    ordering = ["-occurred_at", "-id"]

    def perform_create(self, serializer):
        followup = followup_services.followup_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=followup.pk)

    def perform_update(self, serializer):
        followup = followup_services.followup_update(
            actor=self.request.user, followup=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=followup.pk)


@extend_schema_view(create=extend_schema(request=SurveyInputSerializer, responses={201: SurveyOutputSerializer}))
class SurveyViewSet(InputOutputCreateMixin, *READ, CustomersViewSet):
    base_queryset = SatisfactionSurvey.objects.select_related("customer")
    filterset_class = SurveyFilter
    search_fields = ["customer__name"]
    ordering_fields = ["surveyed_on", "score"]
    ordering = ["-surveyed_on", "-id"]
    serializer_class = SurveyOutputSerializer
    create_input_serializer_class = SurveyInputSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "policy": PipelinePolicy.current()}

    def perform_create(self, serializer):
        survey = survey_services.survey_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=survey.pk)
