from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("training/", views.calendar, name="calendar"),
    path("training/sessions/new/", views.session_create, name="session-create"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("training/sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("training/sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("training/sessions/<int:pk>/attendance/", views.attendance_record, name="attendance-record"),
    path("training/sessions/<int:pk>/scores/new/", views.assessment_create, name="assessment-create"),
    path("training/mine/", views.my_results, name="my-results"),
    path("training/people/<int:pk>/", views.employee_results, name="employee-results"),
    path("training/certifications/new/", views.certification_create, name="certification-create"),
    path("training/certifications/<int:pk>/edit/", views.certification_edit, name="certification-edit"),
    path("training/certifications/<int:pk>/delete/", views.certification_delete, name="certification-delete"),
    path("training/overview/", views.overview, name="overview"),
]
