"""The performance API (SPEC §10): scorecards, manager ratings, improvement and coaching plans.
Views validate an Input serializer, call one service and answer an Output serializer; scoping comes
from `visible_to(user)`, `?month=YYYY-MM` from the one month filter."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ScopedModelViewSet
from performance import selectors, services
from performance.filters import (
    CoachingPlanFilter,
    ImprovementPlanFilter,
    ManagerRatingFilter,
    ScorecardFilter,
)
from performance.models import CoachingPlan, ImprovementPlan, KPIScheme, ManagerRating, Scorecard
from performance.serializers import (
    CoachingPlanOutputSerializer,
    CoachingPlanUpdateInputSerializer,
    ImprovementPlanOutputSerializer,
    ImprovementPlanSubmitInputSerializer,
    KPISchemeInputSerializer,
    KPISchemeOutputSerializer,
    ManagerRatingInputSerializer,
    ManagerRatingOutputSerializer,
    ScorecardOutputSerializer,
)


class _GatedList(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """A list a role may not read at all is a 403, not an empty list (`read_check(user)` raises)."""

    read_check = None

    def list(self, request, *args, **kwargs):
        self.read_check(request.user)
        return super().list(request, *args, **kwargs)


class ScorecardViewSet(_GatedList):
    """`GET scorecards/?month=YYYY-MM`: rep own, supervisor team, manager region, HR and director all."""

    serializer_class = ScorecardOutputSerializer
    base_queryset = Scorecard.objects.select_related("employee")
    filterset_class = ScorecardFilter
    ordering = ["-month", "role", "company_rank", "employee__number"]

    read_check = staticmethod(selectors.ensure_may_read_scorecards)


class ManagerRatingViewSet(_GatedList):
    """`POST ratings/` {employee, month, rating 0–100, comment}: by someone above the person in the
    tree, never oneself (403); a second POST for the same person and month changes the rating."""

    serializer_class = ManagerRatingOutputSerializer
    base_queryset = ManagerRating.objects.select_related("employee", "rated_by__employee")
    filterset_class = ManagerRatingFilter
    ordering = ["-month", "employee__number"]

    read_check = staticmethod(selectors.ensure_may_read_ratings)

    @extend_schema(request=ManagerRatingInputSerializer, responses={201: ManagerRatingOutputSerializer})
    def create(self, request, *args, **kwargs):
        body = ManagerRatingInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rating = services.manager_rating_set(
            actor=request.user, employee=data["employee"], month=data["month"], rating=data["rating"],
            comment=data.get("comment", ""),
        )
        return Response(ManagerRatingOutputSerializer(rating).data, status=status.HTTP_201_CREATED)


class ImprovementPlanViewSet(_GatedList):
    """Improvement plans: `POST {id}/submit/` {text} by the rep; `POST {id}/accept/` by the line manager."""

    serializer_class = ImprovementPlanOutputSerializer
    base_queryset = ImprovementPlan.objects.select_related("employee", "accepted_by__employee")
    filterset_class = ImprovementPlanFilter
    ordering = ["-month", "employee__number"]

    read_check = staticmethod(selectors.ensure_may_read_plans)

    @extend_schema(request=ImprovementPlanSubmitInputSerializer, responses=ImprovementPlanOutputSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        body = ImprovementPlanSubmitInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.improvement_plan_submit(plan=self.get_object(), actor=request.user, text=body.validated_data["text"])
        return Response(ImprovementPlanOutputSerializer(plan).data)

    @extend_schema(request=None, responses=ImprovementPlanOutputSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        plan = services.improvement_plan_accept(plan=self.get_object(), actor=request.user)
        return Response(ImprovementPlanOutputSerializer(plan).data)


class CoachingPlanViewSet(_GatedList):
    """Coaching plans: `PATCH {id}/` {mentor, actions, bonus_reduction_pct (escalated plans)} and `POST {id}/close/` by the line manager."""

    serializer_class = CoachingPlanOutputSerializer
    base_queryset = CoachingPlan.objects.select_related("employee")
    filterset_class = CoachingPlanFilter
    http_method_names = ["get", "patch", "post", "head", "options"]
    ordering = ["-month", "employee__number"]

    read_check = staticmethod(selectors.ensure_may_read_plans)

    @extend_schema(request=CoachingPlanUpdateInputSerializer, responses=CoachingPlanOutputSerializer)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        body = CoachingPlanUpdateInputSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        plan = services.coaching_plan_update(plan=plan, actor=request.user, mentor=data.get("mentor"),
                                             actions=data.get("actions"),
                                             bonus_reduction_pct=data.get("bonus_reduction_pct"))
        return Response(CoachingPlanOutputSerializer(plan).data)

    @extend_schema(request=None, responses=CoachingPlanOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        plan = services.coaching_plan_update(plan=self.get_object(), actor=request.user, close=True)
        return Response(CoachingPlanOutputSerializer(plan).data)


class KPISchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """KPI schemes (SPEC §4.1; director and HR, others 403): every version, active first.
    `POST kpi-schemes/` {role, weights: {catalogue code: weight}, parameters?} makes the role's next
    version the active one: weights not summing to 100 or an unknown code → 400 naming `weights`."""

    serializer_class = KPISchemeOutputSerializer
    queryset = KPIScheme.objects.order_by("role", "-active", "-version")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        services.ensure_may_edit_kpi_schemes(request.user)

    @extend_schema(request=KPISchemeInputSerializer, responses={201: KPISchemeOutputSerializer})
    def create(self, request, *args, **kwargs):
        body = KPISchemeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        scheme = services.kpi_scheme_save(role=data.pop("role"), weights=data.pop("weights"), actor=request.user, **data)
        return Response(KPISchemeOutputSerializer(scheme).data, status=status.HTTP_201_CREATED)
