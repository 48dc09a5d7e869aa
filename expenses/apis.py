"""API of expenses (SPEC §10): `expense-budgets/` and `expense-claims/` with `submit/`, `approve/`,
`reject/` (reason) and `pay/`. Viewsets validate input, call one service and serialize; scoping is
`common.api.ScopedModelViewSet` (`visible_to`), so a claim out of scope is a 404; a role that never
reads claims (HR) gets a 403 on the lists."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ScopedModelViewSet
from common.filters import IdFilter, PlausibleDateFilter
from expenses import selectors, services
from expenses.models import BudgetPeriodKind, Category, ClaimStatus, ExpenseBudget, ExpenseClaim
from expenses.serializers import (
    BudgetInputSerializer,
    BudgetOutputSerializer,
    BudgetUpdateInputSerializer,
    ClaimDetailOutputSerializer,
    ClaimInputSerializer,
    ClaimOutputSerializer,
    ClaimUpdateInputSerializer,
    RejectInputSerializer,
)


class _ExpensesViewSet(ScopedModelViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            selectors.ensure_may_read_expenses(request.user)


# --- Budgets --------------------------------------------------------------------------------------


class BudgetFilter(django_filters.FilterSet):
    org_unit = IdFilter(field_name="org_unit_id")
    category = django_filters.ChoiceFilter(choices=Category.choices)
    period_kind = django_filters.ChoiceFilter(choices=BudgetPeriodKind.choices)
    period = django_filters.CharFilter(max_length=7)

    class Meta:
        model = ExpenseBudget
        fields = ["org_unit", "category", "period_kind", "period"]


@extend_schema_view(
    list=extend_schema(responses=BudgetOutputSerializer(many=True)),
    retrieve=extend_schema(responses=BudgetOutputSerializer),
    create=extend_schema(request=BudgetInputSerializer, responses={201: BudgetOutputSerializer}),
    partial_update=extend_schema(request=BudgetUpdateInputSerializer, responses=BudgetOutputSerializer),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted.")}),
)
class ExpenseBudgetViewSet(_ExpensesViewSet):
    """Budgets per unit, category and period, with what they have consumed (claims approved by the
    line manager or later). Finance and the director write them."""

    base_queryset = ExpenseBudget.objects.select_related("org_unit")
    serializer_class = BudgetOutputSerializer
    filterset_class = BudgetFilter
    ordering_fields = ["start", "amount", "period"]
    ordering = ["start", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _output(self, budgets, *, many=False):
        rows = list(budgets) if many else [budgets]
        return BudgetOutputSerializer(budgets, many=many, context={"lines": selectors.budget_lines(rows)}).data

    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self._output(page, many=True))

    def retrieve(self, request, pk=None):
        return Response(self._output(self.get_object()))

    def create(self, request):
        payload = BudgetInputSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        budget = services.expense_budget_create(actor=request.user, **payload.validated_data)
        return Response(self._output(self.get_queryset().get(pk=budget.pk)), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        budget = self.get_object()
        payload = BudgetUpdateInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.expense_budget_update(actor=request.user, budget=budget, data=payload.validated_data)
        return Response(self._output(self.get_queryset().get(pk=budget.pk)))

    def destroy(self, request, pk=None):
        services.expense_budget_delete(actor=request.user, budget=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Claims ---------------------------------------------------------------------------------------


class ClaimFilter(django_filters.FilterSet):
    claimant = IdFilter(field_name="claimant_id")
    customer = IdFilter(field_name="customer_id")
    event = IdFilter(field_name="event_id")
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    category = django_filters.ChoiceFilter(choices=Category.choices)
    incurred_from = PlausibleDateFilter(field_name="incurred_on", lookup_expr="gte")
    incurred_to = PlausibleDateFilter(field_name="incurred_on", lookup_expr="lte")
    awaiting_me = django_filters.BooleanFilter(method="filter_awaiting_me",
                                               label="Only the claims waiting for my approval.")

    class Meta:
        model = ExpenseClaim
        fields = ["claimant", "customer", "event", "status", "category"]

    def filter_awaiting_me(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.approval_queue(user=self.request.user).values("pk"))


_ACTION_RESPONSES = {200: ClaimOutputSerializer}


@extend_schema_view(
    list=extend_schema(responses=ClaimOutputSerializer(many=True)),
    retrieve=extend_schema(responses=ClaimDetailOutputSerializer),
    create=extend_schema(request={"multipart/form-data": ClaimInputSerializer, "application/json": ClaimInputSerializer},
                         responses={201: ClaimOutputSerializer}),
    partial_update=extend_schema(
        request={"multipart/form-data": ClaimUpdateInputSerializer, "application/json": ClaimUpdateInputSerializer},
        responses=ClaimOutputSerializer),
    destroy=extend_schema(responses={204: OpenApiResponse(description="The draft was deleted.")}),
)
class ExpenseClaimViewSet(_ExpensesViewSet):
    """Expense claims: a draft is created (with its receipt, multipart), changed while a draft or
    rejected, and moved by `submit/`, `approve/` (the line manager's first approval — refused over
    a budget — or finance's second), `reject/` (a reason) and `pay/` (finance)."""

    base_queryset = ExpenseClaim.objects.select_related("claimant")
    serializer_class = ClaimOutputSerializer
    filterset_class = ClaimFilter
    search_fields = ["purpose", "invoice_number", "claimant__name"]
    ordering_fields = ["created_at", "incurred_on", "amount", "submitted_at"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ClaimOutputSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        claim = self.get_object()
        return Response(ClaimDetailOutputSerializer(claim).data)

    def _reread(self, claim) -> dict:
        return ClaimOutputSerializer(self.get_queryset().get(pk=claim.pk)).data

    def create(self, request):
        payload = ClaimInputSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        claim = services.expense_claim_create(actor=request.user, **payload.validated_data)
        return Response(self._reread(claim), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        claim = self.get_object()
        payload = ClaimUpdateInputSerializer(data=request.data, partial=True, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = {key: value for key, value in payload.validated_data.items() if not (key == "receipt" and not value)}
        services.expense_claim_update(actor=request.user, claim=claim, data=data)
        return Response(self._reread(claim))

    def destroy(self, request, pk=None):
        services.expense_claim_delete(actor=request.user, claim=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _act(self, request, name: str, **kwargs):
        claim = self.get_object()
        services.expense_claim_act(claim=claim, action=name, actor=request.user, **kwargs)
        return Response(self._reread(claim))

    @extend_schema(request=None, responses=_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, "submit")

    @extend_schema(request=None, responses=_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, "approve")

    @extend_schema(request=RejectInputSerializer, responses=_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        claim = self.get_object()
        payload = RejectInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.expense_claim_reject(claim=claim, actor=request.user, reason=payload.validated_data["reason"])
        return Response(self._reread(claim))

    @extend_schema(request=None, responses=_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        return self._act(request, "pay")
