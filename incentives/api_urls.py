from django.urls import path
from rest_framework.routers import SimpleRouter

from incentives import apis
from incentives.converters import register

register()

router = SimpleRouter()
router.register("bonus-adjustments", apis.BonusAdjustmentViewSet, basename="bonus-adjustment")

urlpatterns = [
    path("bonus-sheets/", apis.BonusSheetListApi.as_view(), name="bonus-sheet-list"),
    path("bonus-sheets/<month:month>/", apis.BonusSheetDetailApi.as_view(), name="bonus-sheet-detail"),
    *[
        path(f"bonus-sheets/<month:month>/{action}/", apis.BonusSheetActionApi.as_view(action_name=action),
             name=f"bonus-sheet-{action}")
        for action in ("generate", "submit", "approve", "reopen")
    ],
    path("bonus-sheets/<month:month>/export/", apis.BonusSheetExportApi.as_view(), name="bonus-sheet-export"),
    *router.urls,
]
