"""Targets API (SPEC §10): `targets/` (scoped list/detail, create, change with a reason, history),
`POST targets/decompose/` (and `targets/decompose/preview/`), `targets/attainment/`, and the
distribution profiles. Views validate, call one service or selector, serialize."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ScopedModelViewSet
from common.exceptions import ApplicationError
from common.periods import Period
from targets import selectors, services
from targets.filters import SalesTargetFilter
from targets.models import DistributionProfile, SalesTarget
from targets.serializers import (
    AttainmentRowOutputSerializer,
    DecomposeInputSerializer,
    DistributionProfileSerializer,
    PreviewRowOutputSerializer,
    TargetChangeInputSerializer,
    TargetChangeOutputSerializer,
    TargetCreateInputSerializer,
    TargetOutputSerializer,
)
from teams.models import OrgUnit
from teams.scoping import get_visible_or_404


class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    base_queryset = SalesTarget.objects.select_related("org_unit", "employee")
    serializer_class = TargetOutputSerializer
    filterset_class = SalesTargetFilter
    ordering_fields = ["start", "amount", "period"]
    ordering = ["start", "period_kind", "id"]

    def list(self, request, *args, **kwargs):
        selectors.ensure_may_read_targets(request.user)  # finance: 403, not an empty list
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TargetCreateInputSerializer, responses={201: TargetOutputSerializer})
    def create(self, request):
        services.ensure_may_set_targets_at_all(request.user)
        incoming = TargetCreateInputSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        target = services.sales_target_create(actor=request.user, **incoming.validated_data)
        return Response(TargetOutputSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetChangeInputSerializer, responses=TargetOutputSerializer)
    def partial_update(self, request, pk=None):
        target = self.get_object()
        services.ensure_may_set_targets_at_all(request.user)
        incoming = TargetChangeInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        target = services.sales_target_change(actor=request.user, target=target, **incoming.validated_data)
        return Response(TargetOutputSerializer(target).data)

    update = partial_update

    @extend_schema(responses=TargetChangeOutputSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def changes(self, request, pk=None):
        target = self.get_object()
        rows = selectors.target_history(user=request.user, target=target)
        return Response(TargetChangeOutputSerializer(rows, many=True).data)

    def _decompose(self, request, *, preview: bool):
        services.ensure_may_set_targets_at_all(request.user)
        incoming = DecomposeInputSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        preview = data.pop("preview") or preview
        reason = data.pop("reason")
        if preview:
            plan = services.target_decompose_preview(actor=request.user, **data)
            return Response(PreviewRowOutputSerializer(plan.rows, many=True).data)
        written = services.target_decompose(actor=request.user, reason=reason, **data)
        return Response(TargetOutputSerializer(written, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecomposeInputSerializer, responses={201: TargetOutputSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def decompose(self, request):
        return self._decompose(request, preview=False)

    @extend_schema(request=DecomposeInputSerializer, responses=PreviewRowOutputSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="decompose/preview")
    def decompose_preview(self, request):
        return self._decompose(request, preview=True)

    @extend_schema(
        parameters=[OpenApiParameter("period", str, required=True), OpenApiParameter("org_unit", int)],
        responses=AttainmentRowOutputSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def attainment(self, request):
        """Target, actual, attainment and gap of every visible unit and member of a subtree (a closed
        month: its published actuals)."""
        selectors.ensure_may_read_targets(request.user)
        period = Period.parse(request.query_params.get("period", ""))
        unit_id = request.query_params.get("org_unit")
        if unit_id:
            unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id)
        else:
            unit = OrgUnit.objects.filter(parent__isnull=True).first()
            if unit is None:
                raise ApplicationError(_("There is no organisation yet."), field="org_unit")
        rows = selectors.attainment_rows(user=request.user, unit=unit, period=period)
        return Response(AttainmentRowOutputSerializer(rows, many=True).data)


class DistributionProfileViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Profiles are not confidential: everyone signed in reads them; the director edits them."""

    queryset = DistributionProfile.objects.all()
    serializer_class = DistributionProfileSerializer
    pagination_class = None

    def perform_create(self, serializer):
        serializer.instance = services.distribution_profile_save(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {"name": serializer.instance.name, "is_default": serializer.instance.is_default,
                "percentages": serializer.instance.percentages, **serializer.validated_data}
        serializer.instance = services.distribution_profile_save(
            actor=self.request.user, profile=serializer.instance, **data
        )
