from rest_framework.routers import SimpleRouter

from targets.apis import DistributionProfileViewSet, TargetViewSet

router = SimpleRouter()
router.register("targets", TargetViewSet, basename="target")
router.register("distribution-profiles", DistributionProfileViewSet, basename="distribution-profile")
urlpatterns = router.urls
