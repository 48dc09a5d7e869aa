from django.urls import path

from today.apis import TodayApi, WeeklyReportApi

urlpatterns = [
    path("today/", TodayApi.as_view(), name="today-api"),
    path("weekly-report/", WeeklyReportApi.as_view(), name="weekly-report-api"),
]
