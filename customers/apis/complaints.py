"""API of complaints (SPEC §10: `complaints/` with `assign/ start/ resolve/ close/ reopen/`).
Viewsets validate input, call one service and serialize; scoping from `CustomersViewSet` (HR and
finance: 403 on the list, 404 on an object)."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.filters import IdFilter
from customers.apis._base import CustomersViewSet
from customers.models import Complaint, ComplaintStatus, Severity
from customers.selectors.complaints import (
    resolution_breach_condition,
    response_breach_condition,
    with_breaches,
)
from customers.serializers.complaints import (
    ComplaintAssignInputSerializer,
    ComplaintCloseInputSerializer,
    ComplaintInputSerializer,
    ComplaintOutputSerializer,
    ComplaintReopenInputSerializer,
    ComplaintResolveInputSerializer,
)
from customers.services import complaints as complaint_services


class ComplaintFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    customer = IdFilter(field_name="customer_id")
    handler = IdFilter(field_name="handler_id")
    owner = IdFilter(field_name="owner_id")
    breached = django_filters.BooleanFilter(method="filter_breached", label="either SLA breached")

    class Meta:
        model = Complaint
        fields = ["status", "severity", "customer", "handler", "owner", "breached"]

    def filter_breached(self, queryset, name, value):
        now = timezone.now()
        breached = response_breach_condition(now) | resolution_breach_condition(now)
        return queryset.filter(breached) if value else queryset.exclude(breached)


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CustomersViewSet):
    base_queryset = Complaint.objects.select_related("customer", "handler")
    filterset_class = ComplaintFilter
    search_fields = ["customer__name"]
    ordering_fields = ["received_at", "resolution_due_at"]
    ordering = ["-received_at", "-id"]
    serializer_class = ComplaintOutputSerializer

    def get_queryset(self):
        return with_breaches(super().get_queryset())

    def _respond(self, complaint, *, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=complaint.pk)
        return Response(ComplaintOutputSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=ComplaintInputSerializer, responses={201: ComplaintOutputSerializer})
    def create(self, request, *args, **kwargs):
        """Log a complaint against a customer you see; owner attributed, handler the owner."""
        complaint = complaint_services.complaint_create(actor=request.user, **self._valid(ComplaintInputSerializer))
        return self._respond(complaint, code=status.HTTP_201_CREATED)

    @extend_schema(request=ComplaintAssignInputSerializer, responses=ComplaintOutputSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Route to a handler (supervisor or above; an active salesperson in your scope)."""
        complaint = self.get_object()
        complaint_services.ensure_may_assign(request.user)
        data = self._valid(ComplaintAssignInputSerializer)
        return self._respond(complaint_services.complaint_assign(actor=request.user, complaint=complaint, **data))

    @extend_schema(request=None, responses=ComplaintOutputSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """open or reopened → in_progress (the first start is the first response)."""
        return self._respond(complaint_services.complaint_start(actor=request.user, complaint=self.get_object()))

    @extend_schema(request=ComplaintResolveInputSerializer, responses=ComplaintOutputSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """in_progress → resolved; `resolution` required."""
        complaint = self.get_object()
        data = self._valid(ComplaintResolveInputSerializer)
        return self._respond(complaint_services.complaint_resolve(actor=request.user, complaint=complaint, **data))

    @extend_schema(request=ComplaintCloseInputSerializer, responses=ComplaintOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """resolved → closed; `confirmation` (the customer's) required."""
        complaint = self.get_object()
        data = self._valid(ComplaintCloseInputSerializer)
        return self._respond(complaint_services.complaint_close(actor=request.user, complaint=complaint, **data))

    @extend_schema(request=ComplaintReopenInputSerializer, responses=ComplaintOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """resolved → reopened (then `start/` again)."""
        complaint = self.get_object()
        data = self._valid(ComplaintReopenInputSerializer)
        return self._respond(complaint_services.complaint_reopen(actor=request.user, complaint=complaint, **data))
