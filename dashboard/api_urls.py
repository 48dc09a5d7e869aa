from django.urls import path

from dashboard.apis import DashboardApi, ForecastApi

urlpatterns = [
    path("dashboard/", DashboardApi.as_view(), name="dashboard-api"),
    path("forecast/", ForecastApi.as_view(), name="forecast-api"),
]
