"""API of the events app under /api/v1/ (SPEC §10), every route listed here."""

from rest_framework.routers import SimpleRouter

from events.apis import EventViewSet, InvitationViewSet

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")
router.register("invitations", InvitationViewSet, basename="invitation")
urlpatterns = router.urls
