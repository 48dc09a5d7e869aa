"""The bonus-sheet API (SPEC §10): `bonus-sheets/` (paged), `bonus-sheets/YYYY-MM/` (paged rows,
totals of every row), its actions and export, and HR's `bonus-adjustments/`. Views parse input
(an Input serializer), call one selector or service, and answer an Output serializer; scoping,
rights and rules live in the selectors and services, and refusals are raised, never built here."""

from types import SimpleNamespace

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ScopedModelViewSet
from common.exceptions import ApplicationError, NotFound
from common.pagination import StandardPagination
from common.periods import Period
from incentives import services
from incentives.filters import BonusAdjustmentFilter
from incentives.models import BonusAdjustment, BonusInquiry, InquiryStatus
from incentives.resources import EXPORT_FORMATS
from incentives.selectors.inquiries import bonus_inquiries_visible, bonus_inquiry_get
from incentives.selectors.sheets import (
    bonus_rows_totals,
    bonus_rows_visible,
    bonus_sheet_get,
    bonus_sheets_list,
    ensure_may_read_bonus_adjustments,
)
from incentives.selectors.statements import bonus_statement, bonus_what_if
from incentives.serializers import (
    BonusAdjustmentInputSerializer,
    BonusAdjustmentOutputSerializer,
    BonusInquiryAnswerInputSerializer,
    BonusInquiryInputSerializer,
    BonusInquiryOutputSerializer,
    BonusInquiryReopenInputSerializer,
    BonusSheetActionInputSerializer,
    BonusSheetOutputSerializer,
    BonusSheetPayInputSerializer,
    BonusSheetSummaryOutputSerializer,
    StatementOutputSerializer,
    WhatIfInputSerializer,
    WhatIfOutputSerializer,
)
from teams.models import Employee

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
        return sheet_response(request, month=Period.parse_month(month), view=self)


class BonusSheetActionApi(APIView):
    """POST generate/, submit/, approve/, reopen/ (`services.SHEET_ACTIONS`): one service
    (`bonus_sheet_act`), the same the page's buttons call; answers the sheet (its first page)."""

    action_name = ""

    @extend_schema(request=BonusSheetActionInputSerializer, responses=_PAGED_SHEET)
    def post(self, request, month: str):
        period = Period.parse_month(month)
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
            month=Period.parse_month(month), actor=request.user, file_format=request.query_params.get("format", "xlsx")))


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


class BonusSheetPayApi(APIView):
    """POST pay/ — HR records the payroll run (reference and date) that paid the exported sheet
    (exported → paid)."""

    @extend_schema(request=BonusSheetPayInputSerializer, responses=_PAGED_SHEET)
    def post(self, request, month: str):
        period = Period.parse_month(month)
        data = BonusSheetPayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.bonus_sheet_mark_paid(month=period, actor=request.user, **data.validated_data)
        return sheet_response(request, month=period, view=self)


# --- inquiries -------------------------------------------------------------------------------------

class BonusInquiryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedModelViewSet):
    """`bonus-inquiries/`: the asker's own, a head's subtree, HR's and the director's all (those
    awaiting HR first; `?month=YYYY-MM`, `?status=`). `POST` raises one on one's own row;
    `answer/` (HR), `accept/` and `reopen/` (the asker, once) move it."""

    serializer_class = BonusInquiryOutputSerializer
    base_queryset = BonusInquiry.objects.select_related("sheet", "employee", "adjustment")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return BonusInquiry.objects.none()
        params = self.request.query_params
        month = Period.parse_month(params["month"]) if params.get("month") else None
        status_param = params.get("status") or None
        if status_param is not None and status_param not in InquiryStatus.values:
            raise ApplicationError(_("Unknown status."), field="status")
        return bonus_inquiries_visible(user=self.request.user, month=month, status=status_param)

    def get_object(self):
        pk = self.kwargs["pk"]
        if not str(pk).isdigit() or int(pk) > 2**31 - 1:
            raise NotFound()
        return bonus_inquiry_get(user=self.request.user, pk=int(pk))

    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM"),
                               OpenApiParameter("status", str, enum=list(InquiryStatus.values))])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BonusInquiryInputSerializer, responses={201: BonusInquiryOutputSerializer})
    def create(self, request, *args, **kwargs):
        data = BonusInquiryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employee_id = values.pop("employee", None)
        employee = Employee.objects.filter(pk=employee_id).first() if employee_id else None
        if employee_id and employee is None:
            raise NotFound(_("You can only ask about your own row."), field="employee")
        inquiry = services.bonus_inquiry_raise(actor=request.user, employee=employee, **values)
        return Response(BonusInquiryOutputSerializer(inquiry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BonusInquiryAnswerInputSerializer, responses=BonusInquiryOutputSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = BonusInquiryAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inquiry = services.bonus_inquiry_answer(inquiry=self.get_object(), actor=request.user,
                                                answer=data.validated_data["answer"],
                                                adjustment_amount=data.validated_data.get("adjustment"))
        return Response(BonusInquiryOutputSerializer(inquiry).data)

    @extend_schema(request=None, responses=BonusInquiryOutputSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        inquiry = services.bonus_inquiry_accept(inquiry=self.get_object(), actor=request.user)
        return Response(BonusInquiryOutputSerializer(inquiry).data)

    @extend_schema(request=BonusInquiryReopenInputSerializer, responses=BonusInquiryOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = BonusInquiryReopenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inquiry = services.bonus_inquiry_reopen(inquiry=self.get_object(), actor=request.user,
                                                text=data.validated_data["text"])
        return Response(BonusInquiryOutputSerializer(inquiry).data)


# --- statements ------------------------------------------------------------------------------------

def statement_response(request, *, month: str, employee: int | None = None) -> Response:
    if employee is not None and employee > 2**31 - 1:
        raise NotFound()
    statement = bonus_statement(user=request.user, month=Period.parse_month(month), employee_id=employee)
    return Response(StatementOutputSerializer(statement).data)


class StatementApi(APIView):
    """GET `statements/YYYY-MM/`: the requester's own statement of the month."""

    @extend_schema(operation_id="statements_own_retrieve", responses=StatementOutputSerializer)
    def get(self, request, month: str):
        return statement_response(request, month=month)


class EmployeeStatementApi(APIView):
    """GET `statements/YYYY-MM/{employee}/`: HR and heads for anyone in their scope; someone else's
    for a rep (or out of scope) is a 404."""

    @extend_schema(operation_id="statements_employee_retrieve", responses=StatementOutputSerializer)
    def get(self, request, month: str, employee: int):
        return statement_response(request, month=month, employee=employee)


class WhatIfApi(APIView):
    """POST `statements/YYYY-MM/what-if/` `{"extra_sales"}` — the running month's commission and
    top-3 standing with that much more sales, from the sheet's own rules; nothing is saved."""

    @extend_schema(request=WhatIfInputSerializer, responses=WhatIfOutputSerializer)
    def post(self, request, month: str):
        data = WhatIfInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(WhatIfOutputSerializer(bonus_what_if(
            user=request.user, month=Period.parse_month(month), extra_sales=data.validated_data["extra_sales"])).data)
