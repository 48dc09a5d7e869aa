from django.urls import path
from rest_framework.routers import SimpleRouter

from incentives import apis
from incentives.converters import register

register()

router = SimpleRouter()
router.register("bonus-adjustments", apis.BonusAdjustmentViewSet, basename="bonus-adjustment")
router.register("bonus-inquiries", apis.BonusInquiryViewSet, basename="bonus-inquiry")

urlpatterns = [
    path("bonus-sheets/", apis.BonusSheetListApi.as_view(), name="bonus-sheet-list"),
    path("bonus-sheets/<month:month>/", apis.BonusSheetDetailApi.as_view(), name="bonus-sheet-detail"),
    *[
        path(f"bonus-sheets/<month:month>/{action}/", apis.BonusSheetActionApi.as_view(action_name=action),
             name=f"bonus-sheet-{action}")
        for action in ("generate", "submit", "approve", "reopen")
    ],
    path("bonus-sheets/<month:month>/export/", apis.BonusSheetExportApi.as_view(), name="bonus-sheet-export"),
    path("bonus-sheets/<month:month>/pay/", apis.BonusSheetPayApi.as_view(), name="bonus-sheet-pay"),
    path("statements/<month:month>/", apis.StatementApi.as_view(), name="statement"),
    path("statements/<month:month>/what-if/", apis.WhatIfApi.as_view(), name="statement-what-if"),
    path("statements/<month:month>/<int:employee>/", apis.EmployeeStatementApi.as_view(), name="statement-employee"),
    *router.urls,
]
