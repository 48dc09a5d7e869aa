from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/report/", views.unit_report, name="unit-report"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/quotas/", views.event_quotas, name="event-quotas"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event-cancel"),
    path("events/<int:pk>/move/<slug:action>/", views.event_move, name="event-move"),
    path("events/<int:pk>/invite/", views.invitation_create, name="invitation-create"),
    path("events/<int:pk>/report/", views.event_report, name="event-report"),
    path("events/<int:pk>/check-in/", views.check_in_screen, name="check-in"),
    path("events/<int:pk>/check-in/walk-in/", views.walk_in, name="walk-in"),
    path("events/<int:pk>/check-in/<int:invitation_pk>/", views.check_in, name="check-in-guest"),
    path("events/<int:pk>/check-in/<int:invitation_pk>/gift/", views.gift, name="gift"),
    path("invitations/<int:pk>/respond/", views.invitation_respond, name="invitation-respond"),
    path("invitations/<int:pk>/confirm/", views.invitation_confirm, name="invitation-confirm"),
]
