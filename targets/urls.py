from django.urls import path

from targets import views

app_name = "targets"
urlpatterns = [
    path("targets/", views.target_tree, name="tree"),
    path("targets/rows/", views.target_tree_rows, name="tree_rows"),
    path("targets/new/", views.target_create, name="create"),
    path("targets/decompose/", views.target_decompose, name="decompose"),
    path("targets/<int:pk>/", views.target_detail, name="detail"),
    path("targets/<int:pk>/change/", views.target_edit, name="edit"),
    path("targets/people/<int:pk>/", views.person_targets, name="person"),
]
