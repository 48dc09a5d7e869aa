from rest_framework.routers import SimpleRouter

from training.apis import AssessmentViewSet, AttendanceViewSet, CertificationViewSet, TrainingSessionViewSet

router = SimpleRouter()
router.register("training-sessions", TrainingSessionViewSet, basename="training-session")
router.register("attendances", AttendanceViewSet, basename="attendance")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("certifications", CertificationViewSet, basename="certification")
urlpatterns = router.urls
