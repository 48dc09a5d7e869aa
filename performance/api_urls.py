from rest_framework.routers import SimpleRouter

from performance.apis import (
    CoachingPlanViewSet,
    ImprovementPlanViewSet,
    KPISchemeViewSet,
    ManagerRatingViewSet,
    ScorecardViewSet,
)

router = SimpleRouter()
router.register("scorecards", ScorecardViewSet, basename="scorecard")
router.register("ratings", ManagerRatingViewSet, basename="rating")
router.register("improvement-plans", ImprovementPlanViewSet, basename="improvement-plan")
router.register("coaching-plans", CoachingPlanViewSet, basename="coaching-plan")
router.register("kpi-schemes", KPISchemeViewSet, basename="kpi-scheme")
urlpatterns = router.urls
