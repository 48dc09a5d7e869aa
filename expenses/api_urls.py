from rest_framework.routers import SimpleRouter

from expenses import apis

router = SimpleRouter()
router.register("expense-budgets", apis.ExpenseBudgetViewSet, basename="expense-budget")
router.register("expense-claims", apis.ExpenseClaimViewSet, basename="expense-claim")

urlpatterns = router.urls
