from django.urls import path

from incentives import views, views_statements
from incentives.converters import register

register()

app_name = "incentives"
urlpatterns = [
    path("bonus/", views.sheet_index, name="sheet-index"),
    path("my-bonus/", views.my_bonus, name="my-bonus"),
    path("annual-lists/", views.annual, name="annual"),
    path("my-bonus/<month:month>/", views_statements.statement, name="statement"),
    path("my-bonus/<month:month>/what-if/", views_statements.statement_what_if, name="what-if"),
    path("my-bonus/<month:month>/ask/", views_statements.inquiry_create, name="inquiry-create"),
    path("bonus/inquiries/<int:pk>/", views_statements.inquiry_detail, name="inquiry"),
    path("bonus/inquiries/<int:pk>/<str:action>/", views_statements.inquiry_action, name="inquiry-action"),
    path("bonus/awards/<int:pk>/certificate/", views_statements.certificate, name="certificate"),
    path("bonus/<month:month>/", views.sheet_detail, name="sheet"),
    path("bonus/<month:month>/statement/<int:employee>/", views_statements.statement, name="statement-of"),
    path("bonus/<month:month>/pay/", views.sheet_pay, name="pay"),
    path("bonus/<month:month>/adjustments/", views.adjustment_create, name="adjustment-create"),
    path("bonus/<month:month>/export.<str:file_format>", views.sheet_export, name="export"),
    path("bonus/<month:month>/<str:action>/", views.sheet_action, name="action"),
]
