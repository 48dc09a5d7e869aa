"""The bonus-sheet API (SPEC §10): `bonus-sheets/YYYY-MM/` and its actions, and HR's
`bonus-adjustments/`. Views parse and call one selector or service; scoping and rights live there."""

from types import SimpleNamespace

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ScopedModelViewSet
from common.exceptions import ApplicationError
from common.periods import Period
from incentives import services
from incentives.models import BonusAdjustment, SheetStatus
from incentives.resources import EXPORT_FORMATS, bonus_sheet_export
from incentives.selectors.sheets import (
    bonus_rows_totals,
    bonus_rows_visible,
    bonus_sheet_for_export,
    bonus_sheet_get,
    bonus_sheets_list,
    ensure_may_read_bonus_adjustments,
)
from incentives.serializers import (
    BonusAdjustmentSerializer,
    BonusSheetSerializer,
    BonusSheetSummarySerializer,
)
from teams.models import Role
from teams.scoping import scope_for


def parse_month(value: str) -> Period:
    return Period.parse_month(value, field="month")


def sheet_payload(*, user, month: Period) -> dict:
    sheet = bonus_sheet_get(user=user, month=month)
    rows = bonus_rows_visible(user=user, sheet=sheet)
    payload = {"month": str(month), "status": sheet.status, "rows": list(rows), "totals": bonus_rows_totals(rows)}
    return BonusSheetSerializer(payload).data


class BonusSheetListApi(APIView):
    @extend_schema(responses=BonusSheetSummarySerializer(many=True))
    def get(self, request):
        return Response(BonusSheetSummarySerializer(bonus_sheets_list(user=request.user), many=True).data)


class BonusSheetDetailApi(APIView):
    @extend_schema(responses=BonusSheetSerializer)
    def get(self, request, month: str):
        return Response(sheet_payload(user=request.user, month=parse_month(month)))


class BonusSheetActionApi(APIView):
    """POST generate/, submit/, approve/, reopen/: one service each; answers the sheet."""

    action_name = ""
    ACTIONS = {
        # the same work as `manage.py close_month` (SPEC §10): scorecards, tiers, plans and the sheet
        "generate": lambda month, user, note: services.month_close(month=month, actor=user),
        "submit": lambda month, user, note: services.bonus_sheet_submit(month=month, actor=user, note=note),
        "approve": lambda month, user, note: services.bonus_sheet_approve(month=month, actor=user, note=note),
        "reopen": lambda month, user, note: services.bonus_sheet_reopen(month=month, actor=user, note=note),
    }

    @extend_schema(request=None, responses=BonusSheetSerializer)
    def post(self, request, month: str):
        period = parse_month(month)
        note = str(request.data.get("note", ""))[:300] if hasattr(request.data, "get") else ""
        self.ACTIONS[self.action_name](period, request.user, note)
        return Response(sheet_payload(user=request.user, month=period))


class FormatParamNegotiation(DefaultContentNegotiation):
    """`?format=` names the export file type here, not a DRF renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


class BonusSheetExportApi(APIView):
    """GET export/?format=xlsx|csv — HR and the director. HR downloading an approved sheet
    records it as exported (approved → exported)."""

    content_negotiation_class = FormatParamNegotiation

    @extend_schema(parameters=[OpenApiParameter("format", str, enum=list(EXPORT_FORMATS))],
                   responses={(200, "application/octet-stream"): bytes})
    def get(self, request, month: str):
        period = parse_month(month)
        file_format = request.query_params.get("format", "xlsx")
        if file_format not in EXPORT_FORMATS:
            raise ApplicationError(_("Use xlsx or csv."), field="format")
        return export_response(user=request.user, month=period, file_format=file_format)


def export_response(*, user, month: Period, file_format: str) -> HttpResponse:
    sheet, rows = bonus_sheet_for_export(user=user, month=month)
    if sheet.status == SheetStatus.APPROVED and scope_for(user).acting_role == Role.HR:
        sheet = services.bonus_sheet_mark_exported(month=month, actor=user, file_format=file_format)
    name, content_type, content = bonus_sheet_export(sheet=sheet, rows=rows, file_format=file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class BonusAdjustmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             ScopedModelViewSet):
    """HR's manual adjustments: listed in the user's scope, created by HR with a required reason."""

    serializer_class = BonusAdjustmentSerializer
    base_queryset = BonusAdjustment.objects.select_related("employee", "entered_by")
    filterset_fields = ["employee"]
    ordering = ["-month", "recorded_at", "id"]

    def list(self, request, *args, **kwargs):
        ensure_may_read_bonus_adjustments(request.user)  # finance: 403, not an empty list
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        month = self.request.query_params.get("month")
        if month:
            queryset = queryset.filter(month=parse_month(month).start)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.bonus_adjustment_create(
            month=data["month"], employee=data["employee"], amount=data["amount"], reason=data["reason"],
            actor=self.request.user)
