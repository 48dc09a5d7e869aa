"""`dashboard/?unit=&month=` and `forecast/?unit=&period=` (SPEC §10). Views read their parameters
(`dashboard.access`), call one selector, serialize."""

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboard import access, selectors
from dashboard.serializers import dashboard_json, forecast_json


class DashboardApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unit", OpenApiTypes.INT), OpenApiParameter("month", OpenApiTypes.STR)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        unit = access.unit_from(request.user, request.query_params.get("unit"))
        month = access.month_from(request.query_params.get("month"))
        return Response(dashboard_json(selectors.team_dashboard(user=request.user, unit=unit, month=month)))


class ForecastApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unit", OpenApiTypes.INT), OpenApiParameter("period", OpenApiTypes.STR)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        unit = access.unit_from(request.user, request.query_params.get("unit"))
        period = access.forecast_period_from(request.query_params.get("period"))
        return Response({"unit": unit.pk, **forecast_json(selectors.forecast(unit=unit, period=period))})
