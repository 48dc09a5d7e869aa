from django.urls import path

from teams import views

app_name = "teams"
urlpatterns = [
    path("org/", views.org_chart, name="org-chart"),
    path("people/", views.employee_list, name="employee-list"),
    path("people/new/", views.employee_create, name="employee-create"),
    path("people/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("people/<int:pk>/edit/", views.employee_edit, name="employee-edit"),
]
