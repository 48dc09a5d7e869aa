"""The bonus-sheet API (SPEC §10): `bonus-sheets/` (paged), `bonus-sheets/YYYY-MM/` (paged rows,
totals of every row), its actions and export, and HR's `bonus-adjustments/`. Views parse input
(an Input serializer), call one selector or service, and answer an Output serializer; scoping,
rights and rules live in the selectors and services, and refusals are raised, never built here."""

from types import SimpleNamespace

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ScopedModelViewSet
from common.pagination import StandardPagination
from common.periods import Period
from incentives import services
from incentives.filters import BonusAdjustmentFilter
from incentives.models import BonusAdjustment
from incentives.resources import EXPORT_FORMATS
from incentives.selectors.sheets import (
    bonus_rows_totals,
    bonus_rows_visible,
    bonus_sheet_get,
    bonus_sheets_list,
    ensure_may_read_bonus_adjustments,
)
from incentives.serializers import (
    BonusAdjustmentInputSerializer,
    BonusAdjustmentOutputSerializer,
    BonusSheetActionInputSerializer,
    BonusSheetOutputSerializer,
    BonusSheetSummaryOutputSerializer,
)


def parse_month(value: str) -> Period:
    return Period.parse_month(value, field="month")


#: The paging of a sheet's rows: `?page=` (from 1) and `?page_size=` (default 50, at most 500),
#: rows by employee number. The totals always cover every row; the whole list is the export.
SHEET_PAGING_PARAMETERS = [
    OpenApiParameter("page", int, description="Page of rows, from 1 (default 1)."),
    OpenApiParameter("page_size", int, description=f"Rows per page (default {StandardPagination.page_size}, "
                                                   f"at most {StandardPagination.max_page_size})."),
]
SHEET_PAGING_HEADERS = {
    "X-Total-Count": "How many rows the requester may see on the sheet (every page).",
    "Link": 'RFC 8288 links to the other pages (rel="next", rel="prev"), when there are any.',
}


def sheet_response(request, *, month: Period, view) -> Response:
    """The month's sheet as `BonusSheetOutputSerializer`: one page of the rows the requester may
    see; `X-Total-Count` and `Link` say how many there are and where the next/previous pages are."""
    sheet = bonus_sheet_get(user=request.user, month=month)
    rows = bonus_rows_visible(user=request.user, sheet=sheet)
    paginator = StandardPagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    payload = {"month": str(month), "status": sheet.status, "rows": page, "totals": bonus_rows_totals(rows)}
    response = Response(BonusSheetOutputSerializer(payload).data)
    response["X-Total-Count"] = str(paginator.page.paginator.count)
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", paginator.get_next_link()),
                                                      ("prev", paginator.get_previous_link())) if url]
    if links:
        response["Link"] = ", ".join(links)
    return response


class BonusSheetListApi(APIView):
    """`GET bonus-sheets/`: the sheets, newest month first, paged (`count`, `next`, `previous`,
    `results`)."""

    pagination_class = StandardPagination

    @extend_schema(responses=BonusSheetSummaryOutputSerializer(many=True))
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(bonus_sheets_list(user=request.user), request, view=self)
        return paginator.get_paginated_response(BonusSheetSummaryOutputSerializer(page, many=True).data)


_PAGED_SHEET = OpenApiResponse(BonusSheetOutputSerializer, description="One page of rows; the totals of every row.")


class BonusSheetDetailApi(APIView):
    @extend_schema(parameters=SHEET_PAGING_PARAMETERS, responses=_PAGED_SHEET)
    def get(self, request, month: str):
        return sheet_response(request, month=parse_month(month), view=self)


class BonusSheetActionApi(APIView):
    """POST generate/, submit/, approve/, reopen/ (`services.SHEET_ACTIONS`): one service
    (`bonus_sheet_act`), the same the page's buttons call; answers the sheet (its first page)."""

    action_name = ""

    @extend_schema(request=BonusSheetActionInputSerializer, responses=_PAGED_SHEET)
    def post(self, request, month: str):
        period = parse_month(month)
        data = BonusSheetActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.bonus_sheet_act(month=period, action=self.action_name, actor=request.user,
                                 note=data.validated_data["note"])
        return sheet_response(request, month=period, view=self)


class FormatParamNegotiation(DefaultContentNegotiation):
    """`?format=` names the export file type here, not a DRF renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


class BonusSheetExportApi(APIView):
    """GET export/?format=xlsx|csv — the whole sheet, for HR and the director. HR downloading an
    approved sheet records it as exported (approved → exported: `bonus_sheet_export_file`)."""

    content_negotiation_class = FormatParamNegotiation

    @extend_schema(parameters=[OpenApiParameter("format", str, enum=list(EXPORT_FORMATS))],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, month: str):
        return export_response(services.bonus_sheet_export_file(
            month=parse_month(month), actor=request.user, file_format=request.query_params.get("format", "xlsx")))


def export_response(exported: tuple[str, str, bytes]) -> HttpResponse:
    """A download of `(file name, content type, content)`."""
    name, content_type, content = exported
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class BonusAdjustmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """HR's manual adjustments: listed in the user's scope, created by HR with a required reason."""

    serializer_class = BonusAdjustmentOutputSerializer
    base_queryset = BonusAdjustment.objects.select_related("employee", "entered_by")
    filterset_class = BonusAdjustmentFilter
    ordering = ["-month", "recorded_at", "id"]

    def list(self, request, *args, **kwargs):
        ensure_may_read_bonus_adjustments(request.user)  # finance: 403, not an empty list
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BonusAdjustmentInputSerializer, responses={201: BonusAdjustmentOutputSerializer})
    def create(self, request, *args, **kwargs):
        data = BonusAdjustmentInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        adjustment = services.bonus_adjustment_create(actor=request.user, **data.validated_data)
        return Response(BonusAdjustmentOutputSerializer(adjustment).data, status=status.HTTP_201_CREATED)
