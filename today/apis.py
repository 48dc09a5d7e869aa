"""API `today/` (the rep's Today in JSON) and `weekly-report/?unit=&week=YYYY-Www[&format=xlsx]`
(SPEC §10). Both read through the selectors the pages use; refusals are raised (403 role, 404 unit,
400 naming the field)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from incentives.apis import FormatParamNegotiation, export_response
from today import selectors
from today.serializers import TodayOutputSerializer, WeeklyReportInputSerializer, WeeklyReportOutputSerializer
from today.spreadsheet import weekly_report_file_name, weekly_report_xlsx
from today.weeks import requested_week

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TodayApi(APIView):
    @extend_schema(responses=TodayOutputSerializer)
    def get(self, request):
        return Response(TodayOutputSerializer(selectors.rep_today(user=request.user)).data)


class WeeklyReportApi(APIView):
    content_negotiation_class = FormatParamNegotiation

    @extend_schema(parameters=[WeeklyReportInputSerializer],
                   responses={200: WeeklyReportOutputSerializer, (200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        selectors.ensure_may_read_weekly_report(request.user)
        params = WeeklyReportInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        week = requested_week(params.validated_data.get("week"))
        unit = selectors.weekly_report_unit(user=request.user, unit_id=params.validated_data.get("unit"))
        report = selectors.weekly_report(user=request.user, unit=unit, week=week)
        if params.validated_data["format"] == "xlsx":
            return export_response((weekly_report_file_name(report), XLSX, weekly_report_xlsx(report)))
        return Response(WeeklyReportOutputSerializer(report).data)
