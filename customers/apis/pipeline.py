"""API of the pipeline, contracts, receivables and payments (SPEC §10). Viewsets validate input,
call one service and serialize; scoping comes from `CustomersViewSet`."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from common.api import InputOutputMixin, input_output_schema
from common.exceptions import NotFound
from common.filters import IdFilter, PlausibleDateFilter
from customers.apis._base import CustomersViewSet, InputOutputCreateMixin
from customers.models import Contract, EscalationReport, Opportunity, Payment, PipelinePolicy, Receivable
from customers.serializers.pipeline import (
    ContractConfirmDeliveryInputSerializer,
    ContractInputSerializer,
    ContractOutputSerializer,
    EscalationReportInputSerializer,
    EscalationReportOutputSerializer,
    NewContractInputSerializer,
    OpportunityInputSerializer,
    OpportunityMoveInputSerializer,
    OpportunityOutputSerializer,
    OpportunityUpdateInputSerializer,
    PaymentInputSerializer,
    PaymentOutputSerializer,
    ReceivableInputSerializer,
    ReceivableOutputSerializer,
)
from customers.services import contracts as contract_services
from customers.services import pipeline as pipeline_services

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin)


class OpportunityFilter(django_filters.FilterSet):
    # Ids, not model choices (whose unscoped lists would tell a missing id from an out-of-scope one).
    owner = IdFilter(field_name="owner_id")
    customer = IdFilter(field_name="customer_id")

    class Meta:
        model = Opportunity
        fields = ["stage", "owner", "customer"]


@input_output_schema(output=OpportunityOutputSerializer, create_input=OpportunityInputSerializer,
                     update_input=OpportunityUpdateInputSerializer)
class OpportunityViewSet(InputOutputMixin, *READ, CustomersViewSet):
    base_queryset = Opportunity.objects.select_related("customer", "owner").annotate(
        has_escalation_report=Exists(EscalationReport.objects.filter(opportunity=OuterRef("pk")))
    )
    filterset_class = OpportunityFilter
    search_fields = ["name", "customer__name"]
    ordering_fields = ["amount", "expected_close_on", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "policy": PipelinePolicy.current()}

    def perform_create(self, serializer):
        created = pipeline_services.opportunity_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def perform_update(self, serializer):
        pipeline_services.opportunity_update(
            opportunity=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request=OpportunityMoveInputSerializer, responses=OpportunityOutputSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        opportunity = self.get_object()
        payload = OpportunityMoveInputSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            pipeline_services.opportunity_move(
                opportunity=opportunity, actor=request.user, to_stage=data["to_stage"],
                lost_reason=data.get("lost_reason", ""), contract=data.get("contract"),
                contract_data=data.get("new_contract"),
            )
        except ValidationError as exc:
            raise _nest_contract_errors(exc)
        return Response(self.output_data(self.get_queryset().get(pk=opportunity.pk)))

    @extend_schema(request=EscalationReportInputSerializer, responses=EscalationReportOutputSerializer)
    @action(detail=True, methods=["get", "post", "put"], url_path="escalation-report")
    def escalation_report(self, request, pk=None):
        opportunity = self.get_object()
        if request.method == "GET":
            report = EscalationReport.objects.filter(opportunity=opportunity).first()
            if report is None:
                raise NotFound(_("This opportunity has no escalation report yet."))
            return Response(EscalationReportOutputSerializer(report).data)
        payload = EscalationReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = pipeline_services.escalation_report_save(
            opportunity=opportunity, actor=request.user, **payload.validated_data
        )
        return Response(EscalationReportOutputSerializer(report).data)


_NEW_CONTRACT_FIELDS = set(NewContractInputSerializer().fields) | {"renews"}


def _nest_contract_errors(exc: ValidationError):
    """Errors of the contract created with a `won` move are reported under `new_contract`."""
    if not hasattr(exc, "error_dict") or not set(exc.error_dict) & _NEW_CONTRACT_FIELDS:
        return exc
    errors, nested = {}, {}
    for field, field_errors in exc.error_dict.items():
        messages = [m for e in field_errors for m in e.messages]
        (nested if field in _NEW_CONTRACT_FIELDS else errors)[field] = messages
    return DRFValidationError({**errors, "new_contract": nested})


class ContractFilter(django_filters.FilterSet):
    signed_from = PlausibleDateFilter(field_name="signed_on", lookup_expr="gte")
    signed_to = PlausibleDateFilter(field_name="signed_on", lookup_expr="lte")
    ending_from = PlausibleDateFilter(field_name="end_on", lookup_expr="gte")
    ending_to = PlausibleDateFilter(field_name="end_on", lookup_expr="lte")
    owner = IdFilter(field_name="owner_id")
    customer = IdFilter(field_name="customer_id")
    renews = IdFilter(field_name="renews_id")

    class Meta:
        model = Contract
        fields = ["owner", "customer", "renews", "number"]


@extend_schema_view(create=extend_schema(request=ContractInputSerializer, responses={201: ContractOutputSerializer}))
class ContractViewSet(InputOutputCreateMixin, *READ, CustomersViewSet):
    serializer_class = ContractOutputSerializer
    create_input_serializer_class = ContractInputSerializer
    base_queryset = Contract.objects.select_related("customer", "owner").annotate(
        renewed=Exists(Contract.objects.filter(renews=OuterRef("pk")))
    )
    filterset_class = ContractFilter
    search_fields = ["number", "customer__name"]
    ordering_fields = ["signed_on", "end_on", "amount", "number"]
    ordering = ["-signed_on", "-id"]

    def perform_create(self, serializer):
        created = contract_services.contract_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    @extend_schema(request=ContractConfirmDeliveryInputSerializer, responses=ContractOutputSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-delivery")
    def confirm_delivery(self, request, pk=None):
        contract = self.get_object()
        payload = ContractConfirmDeliveryInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contract_services.contract_confirm_delivery(
            contract=contract, actor=request.user, confirmed_on=payload.validated_data.get("confirmed_on")
        )
        return Response(self.output_data(self.get_queryset().get(pk=contract.pk)))


class ReceivableFilter(django_filters.FilterSet):
    owner = IdFilter(field_name="contract__owner")
    customer = IdFilter(field_name="contract__customer")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    due_from = PlausibleDateFilter(field_name="due_on", lookup_expr="gte")
    due_to = PlausibleDateFilter(field_name="due_on", lookup_expr="lte")
    contract = IdFilter(field_name="contract_id")

    class Meta:
        model = Receivable
        fields = ["contract"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        overdue = queryset.overdue(today)
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


@extend_schema_view(create=extend_schema(request=ReceivableInputSerializer,
                                          responses={201: ReceivableOutputSerializer}))
class ReceivableViewSet(InputOutputCreateMixin, *READ, CustomersViewSet):
    serializer_class = ReceivableOutputSerializer
    create_input_serializer_class = ReceivableInputSerializer
    base_queryset = Receivable.objects.select_related("contract__customer")
    filterset_class = ReceivableFilter
    ordering_fields = ["due_on", "amount"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return super().get_queryset().with_overdue(timezone.localdate())

    def perform_create(self, serializer):
        created = contract_services.receivable_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=created.pk)


class PaymentFilter(django_filters.FilterSet):
    receivable = IdFilter(field_name="receivable_id")

    class Meta:
        model = Payment
        fields = ["receivable"]


@extend_schema_view(create=extend_schema(request=PaymentInputSerializer, responses={201: PaymentOutputSerializer}))
class PaymentViewSet(InputOutputCreateMixin, *READ, CustomersViewSet):
    serializer_class = PaymentOutputSerializer
    create_input_serializer_class = PaymentInputSerializer
    base_queryset = Payment.objects.select_related("receivable", "recorded_by")
    filterset_class = PaymentFilter
    ordering_fields = ["paid_on", "amount"]
    ordering = ["-paid_on", "-id"]

    def create(self, request, *args, **kwargs):
        # A role that may never record payments is refused before its input is looked at (403).
        contract_services.ensure_may_record_payment(actor=request.user)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        created = contract_services.payment_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=created.pk)
