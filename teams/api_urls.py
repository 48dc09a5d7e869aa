from rest_framework.routers import SimpleRouter

from teams.apis import EmployeeViewSet, OrgUnitViewSet

router = SimpleRouter()
router.register("org-units", OrgUnitViewSet, basename="org-unit")
router.register("employees", EmployeeViewSet, basename="employee")
urlpatterns = router.urls
