"""Pages of the customers app, all listed here (SPEC §2): customers and follow-ups (`views.customers`),
their import and export (`views.customers_io`), the pipeline, contracts and receivables
(`views.pipeline`), complaints (`views.complaints`)."""

from django.urls import path

from customers.views import complaints, customers, customers_io, pipeline

app_name = "customers"
urlpatterns = [
    path("customers/", customers.customer_list, name="customer-list"),
    path("customers/new/", customers.customer_create, name="customer-create"),
    path("customers/import/", customers_io.customer_import, name="customer-import"),
    path("customers/export/", customers_io.customer_export, name="customer-export"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer-detail"),
    path("customers/<int:pk>/edit/", customers.customer_edit, name="customer-edit"),
    path("customers/<int:pk>/pin-tier/", customers.customer_pin_tier, name="customer-pin-tier"),
    path("customers/<int:pk>/unpin-tier/", customers.customer_unpin_tier, name="customer-unpin-tier"),
    path("customers/<int:pk>/reassign/", customers.customer_reassign, name="customer-reassign"),
    path("customers/<int:pk>/mark-lost/", customers.customer_mark_lost, name="customer-mark-lost"),
    path("customers/<int:pk>/reactivate/", customers.customer_reactivate, name="customer-reactivate"),
    path("customers/<int:pk>/health/", customers.customer_health_refresh, name="customer-health-refresh"),
    path("follow-ups/new/", customers.followup_create, name="followup-create"),
    path("follow-ups/export/", customers_io.followup_export, name="followup-export"),
    path("pipeline/", pipeline.opportunity_board, name="opportunity-board"),
    path("opportunities/new/", pipeline.opportunity_create, name="opportunity-create"),
    path("opportunities/<int:pk>/", pipeline.opportunity_detail, name="opportunity-detail"),
    path("opportunities/<int:pk>/edit/", pipeline.opportunity_update, name="opportunity-update"),
    path("opportunities/<int:pk>/move/", pipeline.opportunity_move, name="opportunity-move"),
    path("opportunities/<int:pk>/report/", pipeline.opportunity_report, name="opportunity-report"),
    path("contracts/", pipeline.contract_list, name="contract-list"),
    path("contracts/new/", pipeline.contract_create, name="contract-create"),
    path("contracts/<int:pk>/", pipeline.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/confirm-delivery/", pipeline.contract_confirm_delivery, name="contract-confirm-delivery"),
    path("contracts/<int:pk>/receivables/", pipeline.receivable_create, name="receivable-create"),
    path("receivables/", pipeline.receivable_list, name="receivable-list"),
    path("receivables/<int:pk>/pay/", pipeline.payment_create, name="payment-create"),
    path("complaints/", complaints.complaints_page, name="complaint-list"),
    path("complaints/queue/", complaints.complaint_queue_page, name="complaint-queue"),
    path("complaints/new/", complaints.complaint_create, name="complaint-create"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint-detail"),
    *(path(f"complaints/<int:pk>/{action}/", complaints.complaint_action, {"action": action},
           name=f"complaint-{action}") for action in ("assign", "start", "resolve", "close", "reopen")),
]
