from rest_framework.routers import SimpleRouter

from performance.apis import (
    CoachingPlanViewSet,
    ImprovementPlanViewSet,
    ManagerRatingViewSet,
    ScorecardViewSet,
)

router = SimpleRouter()
router.register("scorecards", ScorecardViewSet, basename="scorecard")
router.register("ratings", ManagerRatingViewSet, basename="rating")
router.register("improvement-plans", ImprovementPlanViewSet, basename="improvement-plan")
router.register("coaching-plans", CoachingPlanViewSet, basename="coaching-plan")
urlpatterns = router.urls
