from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from portal import views as portal_views

# Each domain app contributes `urls.py` (pages) and `api_urls.py` (routers under /api/v1/), listed here.
api_patterns = [
    path("", include("teams.api_urls")),
    path("", include("customers.api_urls")),
    path("", include("events.api_urls")),
    path("", include("training.api_urls")),
    path("", include("targets.api_urls")),
    path("", include("performance.api_urls")),
    path("", include("incentives.api_urls")),
    path("", include("expenses.api_urls")),
    path("", include("alerts.api_urls")),
    path("", include("today.api_urls")),
    path("", include("dashboard.api_urls")),
]

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Signed-in users only (SPEC §13.1): the schema answers 403, the docs page sends to sign-in.
    path("api/docs/", login_required(SpectacularSwaggerView.as_view(url_name="schema")), name="api-docs"),
    path("", include("teams.urls")),
    path("", include("customers.urls")),
    path("", include("events.urls")),
    path("", include("training.urls")),
    path("", include("targets.urls")),
    path("", include("performance.urls")),
    path("", include("incentives.urls")),
    path("", include("expenses.urls")),
    path("", include("alerts.urls")),
    path("", include("exports.urls")),
    path("", include("today.urls")),
    path("", include("dashboard.urls")),
]

handler404 = "common.views.page_not_found"
