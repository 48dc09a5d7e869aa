from django.urls import path

from expenses import views

app_name = "expenses"
urlpatterns = [
    path("expenses/", views.claims, name="claims"),
    path("expenses/claims/new/", views.claim_new, name="claim-new"),
    path("expenses/claims/<int:pk>/", views.claim_detail, name="claim"),
    path("expenses/claims/<int:pk>/edit/", views.claim_edit, name="claim-edit"),
    path("expenses/claims/<int:pk>/receipt/", views.claim_receipt, name="claim-receipt"),
    path("expenses/claims/<int:pk>/reject/", views.claim_reject, name="claim-reject"),
    path("expenses/claims/<int:pk>/delete/", views.claim_delete, name="claim-delete"),
    path("expenses/claims/<int:pk>/<slug:action>/", views.claim_action, name="claim-action"),
    path("expenses/approvals/", views.approvals, name="approvals"),
    path("expenses/budgets/", views.budgets, name="budgets"),
    path("expenses/budgets/new/", views.budget_new, name="budget-new"),
    path("expenses/budgets/<int:pk>/", views.budget_edit, name="budget-edit"),
    path("expenses/report/", views.report, name="report"),
]
