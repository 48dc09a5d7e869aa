from django.urls import path

from incentives import views
from incentives.converters import register

register()

app_name = "incentives"
urlpatterns = [
    path("bonus/", views.sheet_index, name="sheet-index"),
    path("my-bonus/", views.my_bonus, name="my-bonus"),
    path("annual-lists/", views.annual, name="annual"),
    path("bonus/<month:month>/", views.sheet_detail, name="sheet"),
    path("bonus/<month:month>/adjustments/", views.adjustment_create, name="adjustment-create"),
    path("bonus/<month:month>/export.<str:file_format>", views.sheet_export, name="export"),
    path("bonus/<month:month>/<str:action>/", views.sheet_action, name="action"),
]
