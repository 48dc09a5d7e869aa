from django.urls import path

from today import views

app_name = "today"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("weekly-report/", views.weekly_report, name="weekly-report"),
]
