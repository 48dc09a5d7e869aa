from django.urls import path

from performance import views

app_name = "performance"
urlpatterns = [
    path("scorecards/", views.my_scorecard, name="my-scorecard"),
    path("scorecards/team/", views.team_scorecards, name="team-scorecards"),
    path("scorecards/ratings/", views.ratings, name="ratings"),
    path("scorecards/<int:pk>/", views.scorecard_detail, name="scorecard-detail"),
    path("scorecards/schemes/", views.kpi_schemes, name="kpi-schemes"),
    path("scorecards/schemes/<str:role>/", views.kpi_scheme_edit, name="kpi-scheme-edit"),
    path("plans/", views.plans, name="plans"),
    path("plans/improvement/<int:pk>/", views.improvement_plan, name="improvement-plan"),
    path("plans/coaching/<int:pk>/", views.coaching_plan, name="coaching-plan"),
]
