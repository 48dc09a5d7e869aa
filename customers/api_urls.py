"""API of the customers app under /api/v1/ (SPEC §10), every route listed here."""

from rest_framework.routers import SimpleRouter

from customers.apis.complaints import ComplaintViewSet
from customers.apis.customers import CustomerViewSet, FollowUpViewSet, SurveyViewSet
from customers.apis.pipeline import (
    ContractViewSet,
    OpportunityViewSet,
    PaymentViewSet,
    ReceivableViewSet,
)

router = SimpleRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("contracts", ContractViewSet, basename="contract")
router.register("receivables", ReceivableViewSet, basename="receivable")
router.register("payments", PaymentViewSet, basename="payment")
router.register("complaints", ComplaintViewSet, basename="complaint")
urlpatterns = router.urls
