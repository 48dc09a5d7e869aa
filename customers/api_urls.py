from rest_framework.routers import SimpleRouter

from customers.apis import customers, pipeline

router = SimpleRouter()
for prefix, viewset, basename in [*customers.ROUTES, *pipeline.ROUTES]:
    router.register(prefix, viewset, basename=basename)
urlpatterns = router.urls
