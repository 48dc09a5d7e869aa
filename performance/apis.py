"""The performance API (SPEC §10): scorecards, manager ratings, improvement and coaching plans.
Views validate, call one service and serialize; scoping comes from `visible_to(user)`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ScopedModelViewSet
from common.periods import Period
from performance import selectors, services
from performance.models import CoachingPlan, ImprovementPlan, ManagerRating, Scorecard
from performance.serializers import (
    CoachingPlanSerializer,
    ImprovementPlanSerializer,
    ManagerRatingSerializer,
    PlanTextSerializer,
    ScorecardSerializer,
)

MONTH_PARAM = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM")


def _month_filter(request, queryset):
    raw = request.query_params.get("month")
    if raw is None:
        return queryset
    return queryset.filter(month=Period.parse_month(raw).start)


@extend_schema(parameters=[MONTH_PARAM])
class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """`GET scorecards/?month=YYYY-MM`: rep own, supervisor team, manager region, HR and director all."""

    serializer_class = ScorecardSerializer
    base_queryset = Scorecard.objects.select_related("employee")
    filterset_fields = ["employee", "status"]
    ordering = ["-month", "role", "company_rank", "employee__number"]

    def list(self, request, *args, **kwargs):
        selectors.ensure_may_read_scorecards(request.user)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return _month_filter(self.request, super().get_queryset())


@extend_schema(parameters=[MONTH_PARAM])
class ManagerRatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedModelViewSet):
    """`POST ratings/` {employee, month, rating 0–100, comment}: by someone above the person in the
    tree, never oneself (403); a second POST for the same person and month changes the rating."""

    serializer_class = ManagerRatingSerializer
    base_queryset = ManagerRating.objects.select_related("employee")
    filterset_fields = ["employee"]
    ordering = ["-month", "employee__number"]

    def list(self, request, *args, **kwargs):
        selectors.ensure_may_read_ratings(request.user)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return _month_filter(self.request, super().get_queryset())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rating = services.manager_rating_set(
            actor=request.user, employee=data["employee"], month=data["month"], rating=data["rating"],
            comment=data.get("comment", ""),
        )
        return Response(self.get_serializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[MONTH_PARAM])
class ImprovementPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """Improvement plans: `POST {id}/submit/` {text} by the rep; `POST {id}/accept/` by the line manager."""

    serializer_class = ImprovementPlanSerializer
    base_queryset = ImprovementPlan.objects.select_related("employee")
    filterset_fields = ["employee", "status"]
    ordering = ["-month", "employee__number"]

    def list(self, request, *args, **kwargs):
        selectors.ensure_may_read_plans(request.user)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return _month_filter(self.request, super().get_queryset())

    @extend_schema(request=PlanTextSerializer, responses=ImprovementPlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        body = PlanTextSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = services.improvement_plan_submit(plan=self.get_object(), actor=request.user, text=body.validated_data["text"])
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=None, responses=ImprovementPlanSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        plan = services.improvement_plan_accept(plan=self.get_object(), actor=request.user)
        return Response(self.get_serializer(plan).data)


@extend_schema(parameters=[MONTH_PARAM])
class CoachingPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedModelViewSet):
    """Coaching plans: `PATCH {id}/` {mentor, actions} and `POST {id}/close/` by the line manager."""

    serializer_class = CoachingPlanSerializer
    base_queryset = CoachingPlan.objects.select_related("employee")
    filterset_fields = ["employee", "status", "escalated_to_manager"]
    http_method_names = ["get", "patch", "post", "head", "options"]
    ordering = ["-month", "employee__number"]

    def list(self, request, *args, **kwargs):
        selectors.ensure_may_read_plans(request.user)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return _month_filter(self.request, super().get_queryset())

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.coaching_plan_update(
            plan=serializer.instance, actor=self.request.user, mentor=data.get("mentor"), actions=data.get("actions")
        )

    @extend_schema(request=None, responses=CoachingPlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        plan = services.coaching_plan_update(plan=self.get_object(), actor=request.user, close=True)
        return Response(self.get_serializer(plan).data)
